import type { AppModule } from '../../module.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { registerAutoAssignment } from './auto-assignment.jobs.ts';
import { registerReminders } from './reminders.subscribers.ts';
import { registerSlaJobs } from './sla.jobs.ts';
import { registerClockPauses } from './step-clock.subscribers.ts';
import { workflowMigrationsRoutes } from './workflow-migrations.routes.ts';
import { workflowProgressRoutes } from './workflow-progress.routes.ts';
import { workflowStepsRoutes } from './workflow-steps.routes.ts';
import { workflowTemplatesRoutes } from './workflow-templates.routes.ts';
import { backfillWorkflows } from './workflows.jobs.ts';
import { registerWorkflowsRealtime } from './workflows.realtime.ts';

export const workflowsModule: AppModule = {
  name: 'workflows',
  async register(app, { services }) {
    const { workflows, jobs, events } = services;
    await app.register(workflowTemplatesRoutes, { templates: workflows.templates });
    await app.register(workflowMigrationsRoutes, { engine: workflows.engine });
    await app.register(workflowProgressRoutes, {
      progress: workflows.progress,
      signatures: workflows.signatures,
    });
    await app.register(workflowStepsRoutes, { engine: workflows.engine });
    await app.register(alertsRoutes, { alerts: workflows.alerts });
    registerClockPauses(events, workflows.stepClock);
    registerAutoAssignment(jobs, events, workflows.assignment);
    registerReminders(jobs, events, workflows.reminders);
    registerSlaJobs(jobs, { sweep: workflows.sweep, alerts: workflows.alerts });
    registerWorkflowsRealtime(services.realtime, events);
    jobs.register(backfillWorkflows, { engine: workflows.engine, templates: workflows.templates });
    // Once listening, the job runner has started (an onReady hook of the app).
    app.addHook('onListen', async () => {
      await jobs.send(backfillWorkflows, {});
    });
  },
};
