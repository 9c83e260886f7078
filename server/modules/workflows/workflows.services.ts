import type { Config } from '../../config.ts';
import type { Platform } from '../../platform/service.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ExpertRequestsService } from '../experts/expert-requests.service.ts';
import type { ExpertSearchService } from '../experts/search.service.ts';
import type { Messaging } from '../messaging/messaging.services.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { AlertsService } from './alerts.service.ts';
import { AutoAssignmentService } from './auto-assignment.service.ts';
import { RemindersService } from './reminders.service.ts';
import { SignaturesService } from './signatures.service.ts';
import { SlaSweepService } from './sla-sweep.service.ts';
import { StepClockService } from './step-clock.service.ts';
import { WorkflowEngine } from './workflow-engine.service.ts';
import { WorkflowProgressService } from './workflow-progress.service.ts';
import { WorkflowTemplatesService } from './workflow-templates.service.ts';

export type WorkflowsModuleDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'jobs' | 'storage'> & {
  dossiers: DossiersService;
  users: UsersService;
  products: ProductsService;
  documents: Documents;
  messaging: Messaging;
  expertRequests: ExpertRequestsService;
  expertSearch: ExpertSearchService;
  notifications: NotificationsService;
  config: Pick<Config, 'sla' | 'publicUrl'>;
};

/**
 * The workflows module's services, built once: templates, the engine that moves dossiers through their steps, the
 * read model of a dossier's progress, signatures, the SLA clock's pauses, the sweep that raises alerts, the alert
 * centre, reminders and automatic assignment.
 */
export function createWorkflows(deps: WorkflowsModuleDeps) {
  const { db, clock, events, jobs, storage, config } = deps;
  const templates = new WorkflowTemplatesService({ db, clock, products: deps.products });
  const engine = new WorkflowEngine({
    db,
    clock,
    events,
    jobs,
    dossiers: deps.dossiers,
    templates,
    documents: deps.documents,
    sla: config.sla,
  });
  const progress = new WorkflowProgressService({
    db,
    clock,
    dossiers: deps.dossiers,
    templates,
    documents: deps.documents,
  });
  const signatures = new SignaturesService({
    db,
    clock,
    storage,
    dossiers: deps.dossiers,
    documents: deps.documents,
    templates,
  });
  const stepClock = new StepClockService({
    db,
    clock,
    events,
    messaging: deps.messaging,
    documents: deps.documents,
    dossiers: deps.dossiers,
    sla: config.sla,
  });
  const alerts = new AlertsService({ db, clock, events });
  const sweep = new SlaSweepService({ db, clock, events, sla: config.sla });
  const reminders = new RemindersService({
    db,
    clock,
    users: deps.users,
    notifications: deps.notifications,
    sla: config.sla,
  });
  const assignment = new AutoAssignmentService({
    db,
    clock,
    events,
    dossiers: deps.dossiers,
    users: deps.users,
    expertSearch: deps.expertSearch,
    expertRequests: deps.expertRequests,
  });
  return { templates, engine, progress, signatures, stepClock, alerts, sweep, reminders, assignment };
}

export type Workflows = ReturnType<typeof createWorkflows>;
