import { describe, expect, it } from 'vitest';
import type { WorkflowStep, WorkflowTemplate } from '../../../common/workflows.ts';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { productDefinitions } from '../../db/seed/products.ts';
import { haulier } from '../products/products.factories.ts';
import { defaultTemplate } from './default-templates.ts';

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  return { admin, client: await registerClient(t), expert: await approvedExpert(t, admin) };
});

const as = (who: Session) => ({ token: who.token });
const base = '/api/workflow-templates';

const getTemplate = async (code: string) => {
  const res = await t.request('GET', `${base}/${code}`, as(cast.admin));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { current: WorkflowTemplate; versions: { version: number; openDossiers: number }[] };
};

const postVersion = (code: string, steps: unknown, note?: string) =>
  t.request('POST', `${base}/${code}/versions`, { ...as(cast.admin), body: { steps, note } });

const step = (over: Partial<WorkflowStep> & Pick<WorkflowStep, 'key' | 'status'>): WorkflowStep => ({
  name: { fr: 'Contrôle de la flotte', en: 'Fleet check' },
  role: 'expert',
  requiredDocuments: [],
  validation: null,
  sla: null,
  actions: [],
  signature: null,
  ...over,
});

/** The steps with `extra` inserted after the step of key `after`. */
const withStep = (steps: WorkflowStep[], after: string, extra: WorkflowStep) => {
  const at = steps.findIndex((s) => s.key === after) + 1;
  return [...steps.slice(0, at), extra, ...steps.slice(at)];
};

const defaultsOf = (code: string) => defaultTemplate(productDefinitions.find((p) => p.code === code)!);
const edit = (code: string, key: string, change: Partial<WorkflowStep>) =>
  defaultsOf(code).map((s) => (s.key === key ? { ...s, ...change } : s));

/** Fleet check before the documents, skipped for small fleets. */
const fleetCheck = step({
  key: 'fleet_check',
  status: 'documents_pending',
  skipIf: { op: 'lt', args: [{ var: 'heavyVehicles' }, 10] },
});

describe('the current template', () => {
  it('writes the default version 1 once when two callers ask for a product without one', async () => {
    const templates = t.app.services.workflows.templates;
    const [a, b] = await Promise.all([templates.current('MSA'), templates.current('MSA')]);
    expect(a).toEqual(b);
    const rows = await t.db
      .selectFrom('workflowTemplates')
      .selectAll()
      .where('productCode', '=', 'MSA')
      .execute();
    expect(rows.map((r) => r.version)).toEqual([1]);
  });

  it("is the product's default, derived from its document categories", async () => {
    const current = await t.app.services.workflows.templates.current('URSSAF');
    expect(current.steps).toEqual(defaultsOf('URSSAF'));
  });

  it('writes a version 1 for every product', async () => {
    await t.app.services.workflows.templates.ensureDefaults();
    const rows = await t.db
      .selectFrom('workflowTemplates')
      .select('productCode')
      .where('version', '=', 1)
      .execute();
    expect(rows.map((r) => r.productCode).sort()).toEqual(productDefinitions.map((p) => p.code).sort());
  });

  it('answers a version by its id', async () => {
    const current = await t.app.services.workflows.templates.current('DFS');
    expect(await t.app.services.workflows.templates.byId(current.id)).toEqual(current);
  });
});

describe('GET /api/workflow-templates', () => {
  it('lists every active product with its current version', async () => {
    const res = await t.request('GET', base, as(cast.admin));
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { productCode: string }) => s.productCode)).toEqual(
      productDefinitions.map((p) => p.code),
    );
    expect(res.body.items.find((s: { productCode: string }) => s.productCode === 'CEE')).toMatchObject({
      productName: productDefinitions.find((p) => p.code === 'CEE')!.name,
      stepCount: defaultsOf('CEE').length,
    });
  });
});

describe('GET /api/workflow-templates/:productCode', () => {
  it('answers 404 for an unknown product', async () => {
    const res = await t.request('GET', `${base}/NOPE`, as(cast.admin));
    expect(res.status).toBe(404);
  });

  it('answers 404 WORKFLOW_VERSION_NOT_FOUND for a version that does not exist', async () => {
    const res = await t.request('GET', `${base}/TICPE/versions/99`, as(cast.admin));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('WORKFLOW_VERSION_NOT_FOUND');
  });
});

describe('versions', () => {
  it('writes an edit as the next version, by its author, with its note', async () => {
    const before = await getTemplate('TICPE');
    const steps = withStep(
      before.current.steps,
      'audit_acceptance',
      step({ key: 'fleet_review', status: 'audit_proposed', role: 'admin' }),
    );
    const res = await postVersion('TICPE', steps, 'Revue de flotte');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      productCode: 'TICPE',
      version: before.current.version + 1,
      note: 'Revue de flotte',
      createdBy: { id: cast.admin.user.id },
    });
    expect(res.body.steps.map((s: WorkflowStep) => s.key)).toContain('fleet_review');
  });

  it('moves the current version and leaves the old ones unchanged', async () => {
    const before = await getTemplate('CEE');
    const steps = withStep(
      before.current.steps,
      'audit',
      step({ key: 'site_visit', status: 'audit_in_progress' }),
    );
    expect((await postVersion('CEE', steps)).status).toBe(201);
    const after = await getTemplate('CEE');
    expect(after.current.version).toBe(before.current.version + 1);
    expect(after.versions.map((v) => v.version)).toEqual([after.current.version, before.current.version]);
    const old = await t.request('GET', `${base}/CEE/versions/${before.current.version}`, as(cast.admin));
    expect(old.body.steps).toEqual(before.current.steps);
  });

  it('records the new version in the audit log', async () => {
    const res = await postVersion('ENERGIE', defaultsOf('ENERGIE'), 'Audit');
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'workflow_template.version_created', actorId: cast.admin.user.id });
  });

  it('numbers two versions saved at once one after the other', async () => {
    const steps = defaultsOf('DFS');
    const [a, b] = await Promise.all([postVersion('DFS', steps), postVersion('DFS', steps)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(Math.abs(a.body.version - b.body.version)).toBe(1);
  });

  it('keeps open dossiers on their version and counts them', async () => {
    await createDossier(t, cast.client, 'FONCIER');
    const v1 = (await getTemplate('FONCIER')).current.version;
    expect((await postVersion('FONCIER', defaultsOf('FONCIER'))).status).toBe(201);
    const after = await getTemplate('FONCIER');
    expect(after.versions).toMatchObject([
      { version: v1 + 1, openDossiers: 0 },
      { version: v1, openDossiers: 1 },
    ]);
    const list = await t.request('GET', base, as(cast.admin));
    const foncier = list.body.items.find((s: { productCode: string }) => s.productCode === 'FONCIER');
    expect(foncier).toMatchObject({ currentVersion: v1 + 1, dossiersOnOlderVersions: 1 });
  });

  it.each([
    [
      'WORKFLOW_UNKNOWN_CATEGORY',
      'audit',
      edit('TICPE', 'audit', { requiredDocuments: ['charter' as never] }),
    ],
    [
      'WORKFLOW_DUPLICATE_STEP',
      'audit',
      withStep(defaultsOf('TICPE'), 'audit', step({ key: 'audit', status: 'audit_in_progress' })),
    ],
    [
      'WORKFLOW_LOOP',
      'recheck',
      withStep(defaultsOf('TICPE'), 'audit', step({ key: 'recheck', status: 'expert_assigned' })),
    ],
    ['WORKFLOW_STATUS_UNCOVERED', null, defaultsOf('TICPE').filter((s) => s.status !== 'submitted')],
    ['WORKFLOW_ROLE_MISMATCH', 'audit', edit('TICPE', 'audit', { role: 'client' })],
    [
      'WORKFLOW_INVALID_ACTION',
      'audit',
      edit('TICPE', 'audit', { actions: [{ type: 'assign_expert', mode: 'assign' }] }),
    ],
  ])('refuses with 422 %s a template that cannot be completed', async (code, key, steps) => {
    const res = await postVersion('TICPE', steps);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code, details: { step: key } });
  });

  it('answers 400 to an empty template', async () => {
    expect((await postVersion('TICPE', [])).status).toBe(400);
  });

  it('answers 400 to a step without a name', async () => {
    const steps = defaultsOf('TICPE').map(({ name: _name, ...s }) => s);
    expect((await postVersion('TICPE', steps)).status).toBe(400);
  });

  it('answers 404 for an unknown product', async () => {
    expect((await postVersion('NOPE', defaultsOf('TICPE'))).status).toBe(404);
  });
});

describe('GET /api/workflow-templates/:productCode/diff', () => {
  it('lists what an edit changed', async () => {
    const before = await getTemplate('MSA');
    const steps = edit('MSA', 'audit', { sla: { amount: 8, unit: 'business_days' } });
    expect(
      (
        await postVersion(
          'MSA',
          withStep(steps, 'claim_filing', step({ key: 'follow_up', status: 'submitted' })),
        )
      ).status,
    ).toBe(201);
    const from = before.current.version;
    const res = await t.request('GET', `${base}/MSA/diff?from=${from}&to=${from + 1}`, as(cast.admin));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      added: [{ key: 'follow_up' }],
      removed: [],
      changed: [{ key: 'audit', fields: ['sla'] }],
      moved: [],
    });
  });

  it('answers 404 WORKFLOW_VERSION_NOT_FOUND for a missing version', async () => {
    const res = await t.request('GET', `${base}/MSA/diff?from=1&to=99`, as(cast.admin));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('WORKFLOW_VERSION_NOT_FOUND');
  });

  it('answers 400 without versions', async () => {
    expect((await t.request('GET', `${base}/MSA/diff?from=abc`, as(cast.admin))).status).toBe(400);
  });
});

describe('POST /api/workflow-templates/:productCode/preview', () => {
  const preview = (body: Record<string, unknown>) =>
    t.request('POST', `${base}/TICPE/preview`, { ...as(cast.admin), body });
  const inline = withStep(defaultsOf('TICPE'), 'engagement_letter_signature', fleetCheck);
  const fleet = (body: { steps: { key: string; applies: boolean; current: boolean }[] }) =>
    body.steps.find((s) => s.key === 'fleet_check');

  /** A TICPE dossier of the haulier's simulation (12 heavy vehicles). */
  const haulierDossier = async () => {
    const sim = await t.request('POST', '/api/simulations', { body: { answers: haulier } });
    const client = await registerClient(t);
    const res = await t.request('POST', `/api/simulations/${sim.body.id}/dossiers`, {
      ...as(client),
      body: { productCodes: ['TICPE'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.items[0].id as string;
  };

  it('skips a conditional step for answers that meet its condition', async () => {
    const res = await preview({ steps: inline, answers: { heavyVehicles: 4 } });
    expect(res.status).toBe(200);
    expect(fleet(res.body)).toMatchObject({ applies: false, current: false });
  });

  it("keeps it for a dossier whose simulation answers do not, and marks the dossier's current step", async () => {
    const res = await preview({ steps: inline, dossierId: await haulierDossier() });
    expect(fleet(res.body)?.applies).toBe(true);
    expect(
      res.body.steps.filter((s: { current: boolean }) => s.current).map((s: { key: string }) => s.key),
    ).toEqual(['confirm_dossier']);
  });

  it("lets the answers given override the dossier's", async () => {
    const res = await preview({
      steps: inline,
      dossierId: await haulierDossier(),
      answers: { heavyVehicles: 2 },
    });
    expect(fleet(res.body)?.applies).toBe(false);
  });

  it('previews a stored version', async () => {
    const res = await preview({ version: 1 });
    expect(res.body.steps.map((s: { key: string }) => s.key)).toEqual(defaultsOf('TICPE').map((s) => s.key));
  });

  it('refuses with 422 inline steps that cannot be completed', async () => {
    const res = await preview({ steps: edit('TICPE', 'audit', { role: 'client' }) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('WORKFLOW_ROLE_MISMATCH');
  });

  it('answers 400 for a dossier of another product', async () => {
    const other = await createDossier(t, await registerClient(t), 'URSSAF');
    expect((await preview({ dossierId: other.id })).status).toBe(400);
  });

  it('answers 404 for an unknown dossier', async () => {
    expect((await preview({ dossierId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });
});

describe('who may call', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', base],
    ['GET', `${base}/TICPE`],
    ['GET', `${base}/TICPE/versions/1`],
    ['POST', `${base}/TICPE/versions`, { steps: defaultsOf('TICPE') }],
    ['GET', `${base}/TICPE/diff?from=1&to=1`],
    ['POST', `${base}/TICPE/preview`, {}],
  ];

  it.each(routes)('%s %s: 401 anonymous', async (method, path, body) => {
    expect((await t.request(method, path, { body })).status).toBe(401);
  });

  it.each(routes)('%s %s: 403 for a client', async (method, path, body) => {
    expect((await t.request(method, path, { ...as(cast.client), body })).status).toBe(403);
  });

  it.each(routes)('%s %s: 403 for an expert', async (method, path, body) => {
    expect((await t.request(method, path, { ...as(cast.expert), body })).status).toBe(403);
  });
});
