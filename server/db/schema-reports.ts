import type { ColumnType } from 'kysely';
import type { ExportStatus, ReportFormat, ScheduleFrequency } from '../../common/reports.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** bigint columns are parsed as numbers (server/db/pool.ts). */
type BigInt = ColumnType<number, number | undefined, number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** The files of reports and lists produced by jobs (024_reports.sql). */
export interface ReportExportsTable {
  id: string;
  ownerId: string;
  kind: 'report' | 'list';
  source: string;
  params: Json<Record<string, unknown>>;
  format: ReportFormat;
  locale: 'fr' | 'en';
  status: ExportStatus;
  rowsDone: Defaulted<number>;
  rowsTotal: number | null;
  fileName: string | null;
  blobKey: string | null;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Timestamp;
  startedAt: Timestamp | null;
  finishedAt: Timestamp | null;
  expiresAt: Timestamp | null;
}

export interface ReportSchedulesTable {
  id: string;
  ownerId: string;
  reportType: string;
  params: Json<Record<string, unknown>>;
  format: ReportFormat;
  locale: 'fr' | 'en';
  frequency: ScheduleFrequency;
  hour: number;
  minute: number;
  weekday: number | null;
  monthDay: number | null;
  recipients: string[];
  name: string;
  active: Defaulted<boolean>;
  nextRunAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ReportRunsTable {
  id: string;
  scheduleId: string;
  dueAt: Timestamp;
  periodFrom: ColumnType<string, string, string>;
  periodTo: ColumnType<string, string, string>;
  status: 'queued' | 'running' | 'sent' | 'failed';
  attempts: Defaulted<number>;
  recipients: string[];
  sizeBytes: BigInt | null;
  delivery: 'attachment' | 'link' | null;
  exportId: string | null;
  error: string | null;
  startedAt: Timestamp | null;
  finishedAt: Timestamp | null;
  durationMs: number | null;
}

export interface ReportTables {
  reportExports: ReportExportsTable;
  reportSchedules: ReportSchedulesTable;
  reportRuns: ReportRunsTable;
}
