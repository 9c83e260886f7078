import type { ColumnType } from 'kysely';
import type { Role } from '../../common/roles.ts';
import type {
  AlertSeverity,
  AlertState,
  AlertType,
  PauseReason,
  SlaUnit,
  StepState,
  WorkflowStep,
} from '../../common/workflows.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** bigint columns: pg answers strings, so durations are read as numbers by the repositories (`Number(row.slaMs)`). */
type BigInt = ColumnType<string | number, number | undefined, number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** The tables of workflows, SLA alerts and reminders (018_workflows.sql). */
export interface WorkflowTemplatesTable {
  id: string;
  productCode: string;
  version: number;
  steps: Json<WorkflowStep[]>;
  note: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface DossierWorkflowsTable {
  dossierId: string;
  templateId: string;
  currentStepId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface DossierStepsTable {
  id: string;
  dossierId: string;
  stepKey: string;
  position: number;
  dossierStatus: string;
  actingRole: Role;
  state: StepState;
  enteredAt: Timestamp;
  submittedAt: Timestamp | null;
  submittedBy: string | null;
  completedAt: Timestamp | null;
  completedBy: string | null;
  note: string | null;
  slaMs: ColumnType<string | number | null, number | null, number | null>;
  slaUnit: SlaUnit | null;
  consumedMs: BigInt;
  runningSince: Timestamp | null;
  pausedMs: BigInt;
  pausedSince: Timestamp | null;
  pauseReason: PauseReason | null;
  warnAt: Timestamp | null;
  dueAt: Timestamp | null;
  alertLevel: Defaulted<number>;
}

export interface StepPausesTable {
  id: string;
  stepId: string;
  reason: PauseReason;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
}

export interface StepSignaturesTable {
  id: string;
  stepId: string;
  dossierId: string;
  signerId: string | null;
  signerName: string;
  documentVersionId: string | null;
  documentSha256: string;
  ip: string | null;
  userAgent: string | null;
  signedAt: Timestamp;
  certificateKey: string;
}

export interface AlertsTable {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  dedupeKey: string;
  dossierId: string | null;
  stepId: string | null;
  assigneeId: string | null;
  audience: 'expert' | 'admin';
  level: Defaulted<number>;
  state: AlertState;
  data: Json<Record<string, unknown>>;
  snoozedUntil: Timestamp | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Timestamp | null;
  resolvedBy: string | null;
  resolvedAt: Timestamp | null;
  resolutionNote: string | null;
  resolvedAutomatically: Defaulted<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type ReminderKind =
  | 'documents_awaited'
  | 'message_unanswered'
  | 'expert_request_unanswered'
  | 'expert_review_pending'
  | 'step_reminder';

export interface RemindersTable {
  id: string;
  kind: ReminderKind;
  subjectId: string;
  dossierId: string | null;
  audience: 'client' | 'expert' | 'admin' | 'user';
  recipientId: string | null;
  data: Json<Record<string, unknown>>;
  sentCount: Defaulted<number>;
  lastSentAt: Timestamp | null;
  nextAt: Timestamp;
  stoppedAt: Timestamp | null;
  stopReason: string | null;
  createdAt: Timestamp;
}

export interface WorkflowTables {
  workflowTemplates: WorkflowTemplatesTable;
  dossierWorkflows: DossierWorkflowsTable;
  dossierSteps: DossierStepsTable;
  stepPauses: StepPausesTable;
  stepSignatures: StepSignaturesTable;
  alerts: AlertsTable;
  reminders: RemindersTable;
}
