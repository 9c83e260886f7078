import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingStatuses, type DossierStatus } from '../../../common/dossier-lifecycle.ts';
import type { WorkflowStep } from '../../../common/workflows.ts';
import { createDossier, login } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { demoAccounts, seedDemo } from './demo.ts';
import { seedDemoDocuments } from './demo-documents.ts';
import { seedDemoWorkflows } from './demo-workflows.ts';

describe('the demo’s workflows', () => {
  let t: TestApp;
  let sweep: Awaited<ReturnType<typeof seedDemoWorkflows>>;
  const openSteps = () =>
    t.db
      .selectFrom('dossierSteps as s')
      .innerJoin('dossierWorkflows as w', 'w.currentStepId', 's.id')
      .innerJoin('dossiers as d', 'd.id', 's.dossierId')
      .select(['s.id', 's.stepKey', 's.dossierStatus', 's.pauseReason', 'd.status'])
      .execute();

  beforeAll(async () => {
    t = await startTestApp();
    const now = t.clock.now();
    // Sixteen companies: the statuses with two steps have two dossiers, one moves to the second step.
    await seedDemo(t.db, { experts: 6, pendingExperts: 1, companies: 16, dossiersPerCompany: 2 }, now);
    await seedDemoDocuments(t.db, t.app.services.documents, now);
    // A second draft (the scale has one): the demo client opens it, its workflow started by the engine.
    const client = await login(t, demoAccounts.client.email, demoAccounts.client.password);
    const taken = await t.db
      .selectFrom('dossiers')
      .select('productCode')
      .where('companyId', '=', client.user.company!.id)
      .execute();
    const free = await t.db
      .selectFrom('products')
      .select('code')
      .where(
        'code',
        'not in',
        taken.map((d) => d.productCode),
      )
      .executeTakeFirstOrThrow();
    await createDossier(t, client, free.code);
    sweep = await seedDemoWorkflows(t.db, t.app.services, { warningRatio: 0.75 }, now);
  }, 180_000);
  afterAll(() => t.close());

  it('gives every dossier in progress a workflow whose open step belongs to its status', async () => {
    const inProgress = await t.db
      .selectFrom('dossiers')
      .select(['id', 'status'])
      .where('status', 'not in', closingStatuses as DossierStatus[])
      .execute();
    const open = await openSteps();
    expect(open).toHaveLength(inProgress.length);
    expect(open.filter((s) => s.dossierStatus !== s.status)).toEqual([]);
  });

  it('has a dossier at every step of the default templates', async () => {
    const templates = await t.db.selectFrom('workflowTemplates').select('steps').execute();
    const keys = new Set(templates.flatMap((w) => (w.steps as WorkflowStep[]).map((s) => s.key)));
    const reached = new Set((await openSteps()).map((s) => s.stepKey));
    expect([...keys].filter((k) => !reached.has(k))).toEqual([]);
  });

  it('raises approaching, breached and escalated SLA alerts through a real sweep', async () => {
    const alerts = await t.db.selectFrom('alerts').select(['type', 'level', 'stepId']).execute();
    expect(sweep.raised).toBe(alerts.length);
    const types = new Set(alerts.map((a) => `${a.type}:${a.level}`));
    expect(types).toEqual(new Set(['sla_approaching:0', 'sla_breached:0', 'sla_escalated:2']));
  });

  it('shows the demo expert the late steps of their dossiers in the alert centre', async () => {
    const expert = await login(t, demoAccounts.expert.email, demoAccounts.expert.password);
    const res = await t.request('GET', '/api/alerts?type=sla_breached', { token: expert.token });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it('pauses the clock of an expert’s step waiting on requested documents', async () => {
    const paused = (await openSteps()).filter((s) => s.pauseReason === 'documents_requested');
    expect(paused.map((s) => s.stepKey)).toContain('audit');
  });

  it('records the client’s signature of an engagement letter, with its certificate', async () => {
    const signature = await t.db
      .selectFrom('stepSignatures as g')
      .innerJoin('dossierSteps as s', 's.id', 'g.stepId')
      .select(['s.stepKey', 'g.documentSha256', 'g.certificateKey'])
      .executeTakeFirstOrThrow();
    expect(signature.stepKey).toBe('engagement_letter_signature');
    expect(signature.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signature.certificateKey).not.toBe('');
  });

  it('creates the reminder of the step a confirmed draft entered', async () => {
    const reminders = await t.db
      .selectFrom('reminders')
      .select(['kind', 'audience'])
      .where('kind', '=', 'step_reminder')
      .execute();
    expect(reminders).toEqual([{ kind: 'step_reminder', audience: 'client' }]);
  });
});
