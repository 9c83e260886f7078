import { describe, expect, it, vi } from 'vitest';
import type { StepProgress, WorkflowProgress } from '../../../common/workflows.ts';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  type Session,
  walk,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { pdfFile, uploaded } from '../documents/documents.factories.ts';
import { newDossier, proposedDossier } from '../dossiers/dossiers.factories.ts';

const HOUR = 3_600_000;

// The clock moves hours and days here: sessions must outlive it.
const { t, cast } = appWith(
  async (t) => {
    const admin = await createAdmin(t);
    return { admin, expert: await approvedExpert(t, admin) };
  },
  { overrides: { accessTokenTtlSeconds: 365 * 86_400 } },
);

const progressOf = async (who: Session, dossierId: string) => {
  const res = await t.request<WorkflowProgress>('GET', `/api/dossiers/${dossierId}/workflow`, {
    token: who.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const stepOf = (progress: WorkflowProgress, key: string): StepProgress =>
  progress.steps.find((s) => s.key === key)!;

const current = (progress: WorkflowProgress): StepProgress =>
  progress.steps.find((s) => s.stepId === progress.currentStepId)!;

async function complete(who: Session, dossierId: string, body: Record<string, unknown> = {}) {
  const stepId = (await progressOf(who, dossierId)).currentStepId;
  const res = await t.request('POST', `/api/dossiers/${dossierId}/workflow/steps/${stepId}/complete`, {
    token: who.token,
    body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return progressOf(who, dossierId);
}

/** A dossier its expert took on: the expert's upload of the engagement letter is the open step. */
async function assigned() {
  const dossier = await proposedDossier(t);
  await walk(t, dossier.dossierId, [[dossier.expert, { to: 'expert_assigned' }]]);
  return dossier;
}

const requestDocument = async (expert: Session, dossierId: string, category: string) => {
  const res = await t.request('POST', `/api/dossiers/${dossierId}/document-requests`, {
    token: expert.token,
    body: { category },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

describe('who reads a dossier’s workflow', () => {
  it('shows a new dossier its first step, active, the client to act, at 0 %', async () => {
    const { client, d } = await newDossier(t);
    const progress = await progressOf(client, d.id);
    expect(progress.steps[0]).toMatchObject({ key: 'confirm_dossier', state: 'active', applies: true });
    expect(progress.currentStepId).toBe(progress.steps[0]!.stepId);
    expect(progress.steps.slice(1).every((s) => s.state === 'upcoming' && s.stepId === null)).toBe(true);
    expect([progress.whoActs, progress.percent]).toEqual(['client', 0]);
  });

  it('lets the dossier’s expert and the admins read it', async () => {
    const { expert, admin, dossierId } = await proposedDossier(t);
    expect((await progressOf(expert, dossierId)).dossierId).toBe(dossierId);
    expect((await progressOf(admin, dossierId)).dossierId).toBe(dossierId);
  });

  it('answers 404 to a client of another company and to an expert not on the dossier', async () => {
    const { outsider, otherExpert, dossierId } = await proposedDossier(t);
    for (const who of [outsider, otherExpert]) {
      const res = await t.request('GET', `/api/dossiers/${dossierId}/workflow`, { token: who.token });
      expect(res.status).toBe(404);
    }
  });

  it('answers 401 without a session', async () => {
    const { d } = await newDossier(t);
    expect((await t.request('GET', `/api/dossiers/${d.id}/workflow`)).status).toBe(401);
  });

  it('answers 400 to an id that is not a uuid', async () => {
    const res = await t.request('GET', '/api/dossiers/42/workflow', { token: cast.admin.token });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('steps and percent along the way', () => {
  it('records the steps the client completed, who did, and the admin’s step now open', async () => {
    const { client, d } = await newDossier(t);
    await walk(t, d.id, [
      [client, { to: 'pre_eligibility_pending' }],
      [client, { to: 'pre_eligibility_review' }],
    ]);
    const progress = await progressOf(client, d.id);
    const done = ['confirm_dossier', 'pre_eligibility_documents'].map((k) => stepOf(progress, k));
    expect(done.map((s) => [s.state, s.completedBy?.id])).toEqual([
      ['completed', client.user.id],
      ['completed', client.user.id],
    ]);
    expect([current(progress).key, progress.whoActs]).toEqual(['eligibility_review', 'admin']);
    expect(progress.percent).toBe(Math.round((2 / progress.steps.length) * 100));
  });

  it('shows the steps an admin jumped as skipped and counts them done', async () => {
    const { client, dossierId } = await proposedDossier(t);
    const progress = await progressOf(client, dossierId);
    expect(stepOf(progress, 'choose_expert')).toMatchObject({ state: 'skipped' });
    const doneOrSkipped = progress.steps.filter((s) => ['completed', 'skipped'].includes(s.state));
    expect(progress.percent).toBe(Math.round((doneOrSkipped.length / progress.steps.length) * 100));
  });

  it('lists every transition in order in the timeline', async () => {
    const { client, d } = await newDossier(t);
    await walk(t, d.id, [[client, { to: 'pre_eligibility_pending' }]]);
    const { timeline } = await progressOf(client, d.id);
    expect(timeline.map((e) => [e.event, e.stepKey])).toEqual([
      ['entered', 'confirm_dossier'],
      ['completed', 'confirm_dossier'],
      ['entered', 'pre_eligibility_documents'],
    ]);
    expect(timeline[1]!.actor).toMatchObject({ id: client.user.id, role: 'client' });
  });

  it('shows a cancelled dossier’s open step abandoned and nobody to act', async () => {
    const { client, d } = await newDossier(t);
    await walk(t, d.id, [[client, { to: 'cancelled', reason: 'Projet abandonné' }]]);
    const progress = await progressOf(client, d.id);
    expect(stepOf(progress, 'confirm_dossier').state).toBe('abandoned');
    expect([progress.currentStepId, progress.whoActs, progress.dueAt]).toEqual([null, null, null]);
    expect(progress.timeline.at(-1)).toMatchObject({ event: 'abandoned', stepKey: 'confirm_dossier' });
  });

  it('names the validator as the one to act while a step awaits validation, and what it misses', async () => {
    const { client, expert, dossierId } = await assigned();
    await complete(expert, dossierId);
    await uploaded(t, expert, dossierId, pdfFile(), 'lettre.pdf', { category: 'engagement_letter' });
    const sign = await t.request(
      'POST',
      `/api/dossiers/${dossierId}/workflow/steps/${(await progressOf(client, dossierId)).currentStepId}/signature`,
      { token: client.token, body: { signerName: 'Camille Martin', accept: true } },
    );
    expect(sign.status, JSON.stringify(sign.body)).toBe(201);
    await complete(client, dossierId);
    const documents = current(await progressOf(client, dossierId));
    expect(documents.missing.documents).toEqual(documents.requiredDocuments);
    for (const category of documents.requiredDocuments) {
      const doc = await uploaded(t, client, dossierId, pdfFile(), `${category}.pdf`, { category });
      const review = await t.request(
        'POST',
        `/api/documents/${doc.id}/versions/${doc.currentVersion.id}/review`,
        { token: expert.token, body: { decision: 'approved' } },
      );
      expect(review.status, JSON.stringify(review.body)).toBe(200);
    }
    t.clock.advance(60_000);
    const submitted = await complete(client, dossierId);
    expect(current(submitted)).toMatchObject({
      key: 'supporting_documents',
      state: 'awaiting_validation',
      missing: { documents: [], validation: true, signature: false },
    });
    expect(submitted.whoActs).toBe('expert');
    expect(submitted.timeline.at(-1)).toMatchObject({ event: 'submitted', actor: { id: client.user.id } });
  });
});

describe('time', () => {
  it('counts the time each party held the steps, and the time paused waiting on the other party', async () => {
    const { client, expert, dossierId } = await assigned();
    const before = (await progressOf(expert, dossierId)).timeByParty;
    t.clock.advance(HOUR);
    const request = await requestDocument(expert, dossierId, 'kbis');
    await vi.waitFor(async () =>
      expect(current(await progressOf(expert, dossierId)).pausedSince).not.toBeNull(),
    );
    t.clock.advance(3 * HOUR);
    const cancel = await t.request('POST', `/api/document-requests/${request.id}/cancel`, {
      token: expert.token,
    });
    expect(cancel.status).toBe(200);
    await vi.waitFor(async () => expect(current(await progressOf(expert, dossierId)).pausedSince).toBeNull());
    t.clock.advance(2 * HOUR);
    await complete(expert, dossierId);
    t.clock.advance(HOUR);
    const progress = await progressOf(client, dossierId);
    expect(progress.timeByParty.expert - before.expert).toBe(3 * HOUR);
    expect(progress.timeByParty.client - before.client).toBe(HOUR);
    expect(stepOf(progress, 'engagement_letter_upload').pausedMs).toBe(3 * HOUR);
    expect(progress.pausedMs).toBe(3 * HOUR);
    expect(progress.timeline.filter((e) => e.event === 'paused' || e.event === 'resumed')).toMatchObject([
      { event: 'paused', stepKey: 'engagement_letter_upload', note: 'documents_requested' },
      { event: 'resumed', stepKey: 'engagement_letter_upload' },
    ]);
  });

  it('shows the paused step, since when and why, in a banner', async () => {
    const { expert, client, dossierId } = await assigned();
    await requestDocument(expert, dossierId, 'kbis');
    await vi.waitFor(async () =>
      expect(current(await progressOf(client, dossierId)).pausedSince).not.toBeNull(),
    );
    const progress = await progressOf(client, dossierId);
    expect(current(progress).pauseReason).toBe('documents_requested');
    expect(progress.banners).toContainEqual({
      kind: 'paused',
      count: null,
      since: current(progress).pausedSince,
      dueAt: null,
    });
  });
});

describe('banners', () => {
  it('counts the documents awaited from the client and says since when', async () => {
    const { expert, client, dossierId } = await assigned();
    const since = t.clock.now().toISOString();
    await requestDocument(expert, dossierId, 'kbis');
    t.clock.advance(24 * HOUR);
    await requestDocument(expert, dossierId, 'fuel_invoices');
    const { banners } = await progressOf(client, dossierId);
    expect(banners.find((b) => b.kind === 'documents_awaited')).toMatchObject({ count: 2, since });
  });

  it('warns when the open step’s deadline approaches, then says it is breached', async () => {
    const admin = await createAdmin(t);
    const client = await registerClient(t);
    const d = await createDossier(t, client);
    await walk(t, d.id, [
      [client, { to: 'pre_eligibility_pending' }],
      [client, { to: 'pre_eligibility_review' }],
    ]);
    const { dueAt } = await progressOf(admin, d.id);
    expect(dueAt).not.toBeNull();
    t.clock.advance(new Date(dueAt!).getTime() - t.clock.now().getTime() - 60_000);
    expect((await progressOf(admin, d.id)).banners.map((b) => b.kind)).toEqual(['sla_approaching']);
    t.clock.advance(60_000);
    expect((await progressOf(admin, d.id)).banners).toEqual([
      { kind: 'sla_breached', count: null, since: dueAt, dueAt },
    ]);
  });
});

describe('a dossier made before workflows', () => {
  it('is answered from its product’s current template, the steps of the statuses it passed shown skipped', async () => {
    const { client, d } = await newDossier(t);
    await walk(t, d.id, [[client, { to: 'pre_eligibility_pending' }]]);
    await t.db.deleteFrom('dossierSteps').where('dossierId', '=', d.id).execute();
    await t.db.deleteFrom('dossierWorkflows').where('dossierId', '=', d.id).execute();
    const progress = await progressOf(client, d.id);
    expect(progress.steps.slice(0, 3).map((s) => s.state)).toEqual(['skipped', 'upcoming', 'upcoming']);
    expect([progress.currentStepId, progress.whoActs]).toEqual([null, 'client']);
    expect(progress.template.version).toBe(progress.template.latestVersion);
  });
});
