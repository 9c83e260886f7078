import { beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../../../common/reference.ts';
import type { WorkflowStepInput } from '../../../common/workflows.ts';
import {
  approvedExpert,
  clientInput,
  createAdmin,
  createDossier,
  expertInput,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { autoAssign } from './auto-assignment.jobs.ts';
import { advanceTo, engineTemplate, openStep, writeTemplate } from './workflow-engine.factories.ts';

const HOUR = 3_600_000;
/** The clock moves by hours: the sessions made before must outlive it. */
const overrides = { overrides: { accessTokenTtlSeconds: 365 * 86_400 } };

/** The engine tests' template with the expert chosen automatically, and 4 hours for the expert to answer. */
const withAssignment = (mode: 'ask' | 'assign'): WorkflowStepInput[] =>
  engineTemplate.map((step) => {
    if (step.key === 'choose_expert') return { ...step, actions: [{ type: 'assign_expert', mode }] };
    if (step.key === 'expert_answer') return { ...step, sla: { amount: 4, unit: 'hours' } };
    return step;
  });

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  await writeTemplate(t, admin, withAssignment('ask'));
  return { admin };
}, overrides);

/** An approved TICPE expert covering only `region`. */
const expertOf = (region: Region) =>
  approvedExpert(t, cast.admin, {
    expert: { ...expertInput().expert, regions: [region] },
  });

/** A dossier of a company of `region`, its step `choose_expert` open; the job run for that step. */
async function choosing(region: Region) {
  const client = await registerClient(t, { company: { ...clientInput().company, region } });
  const { id: dossierId } = await createDossier(t, client);
  const step = await advanceTo(t, { ...cast, expert: cast.admin, client, dossierId }, 'choose_expert');
  await t.app.services.jobs.runNow(autoAssign, { dossierId, stepId: step.id });
  return { client, dossierId };
}

const requestsOf = (dossierId: string) =>
  t.db
    .selectFrom('expertRequests')
    .select(['id', 'expertId', 'status', 'requestedBy'])
    .where('dossierId', '=', dossierId)
    .orderBy('id')
    .execute();

const dossierOf = (dossierId: string) =>
  t.db
    .selectFrom('dossiers')
    .select(['status', 'expertId'])
    .where('id', '=', dossierId)
    .executeTakeFirstOrThrow();

const expertIds = (...experts: Session[]) => experts.map((e) => e.user.id).sort();

describe('asking the best available expert', () => {
  it('asks an expert of the company’s region, in the name of the company’s client', async () => {
    await expertOf('ile-de-france');
    const local = await expertOf('bretagne');
    const { client, dossierId } = await choosing('bretagne');
    expect(await requestsOf(dossierId)).toMatchObject([
      { expertId: local.user.id, status: 'requested', requestedBy: client.user.id },
    ]);
    expect(await dossierOf(dossierId)).toEqual({ status: 'expert_pending', expertId: local.user.id });
  });

  it('asks the next expert when the one asked declines', async () => {
    const experts = [await expertOf('normandie'), await expertOf('normandie')];
    const { dossierId } = await choosing('normandie');
    const [first] = await requestsOf(dossierId);
    const asked = experts.find((e) => e.user.id === first!.expertId)!;
    const decline = await t.request('POST', `/api/expert-requests/${first!.id}/decline`, {
      token: asked.token,
      body: { reason: 'Pas disponible' },
    });
    expect(decline.status, JSON.stringify(decline.body)).toBe(200);
    const step = await openStep(t, dossierId);
    await t.app.services.jobs.runNow(autoAssign, { dossierId, stepId: step!.id });
    const requests = await requestsOf(dossierId);
    expect(requests.map((r) => r.status)).toEqual(['declined', 'requested']);
    expect(requests.map((r) => r.expertId).sort()).toEqual(expertIds(...experts));
  });

  it('asks the next expert when the one asked lets the answer’s deadline pass', async () => {
    const experts = [await expertOf('occitanie'), await expertOf('occitanie')];
    const { dossierId } = await choosing('occitanie');
    const waiting = await openStep(t, dossierId);
    expect(waiting?.stepKey).toBe('expert_answer');
    t.clock.advance(5 * HOUR);
    await t.app.services.jobs.runNow(autoAssign, { dossierId, stepId: waiting!.id });
    const requests = await requestsOf(dossierId);
    expect(requests.map((r) => r.status)).toEqual(['cancelled', 'requested']);
    expect(requests.map((r) => r.expertId).sort()).toEqual(expertIds(...experts));
    expect((await dossierOf(dossierId)).status).toBe('expert_pending');
  });

  it('leaves an expert who still has time to answer', async () => {
    await expertOf('corse');
    await expertOf('corse');
    const { dossierId } = await choosing('corse');
    const waiting = await openStep(t, dossierId);
    t.clock.advance(HOUR);
    expect(await t.app.services.workflows.assignment.run(dossierId, waiting!.id)).toBe('nothing');
    expect(await requestsOf(dossierId)).toMatchObject([{ status: 'requested' }]);
  });

  it('picks, among breached dossiers, those waiting on an expert’s answer', async () => {
    await expertOf('hauts-de-france');
    const { dossierId } = await choosing('hauts-de-france');
    const { dossierId: unserved } = await choosing('mayotte');
    const waiting = await openStep(t, dossierId);
    expect(await t.app.services.workflows.assignment.awaitingExpert([dossierId, unserved])).toEqual([
      { dossierId, stepId: waiting!.id },
    ]);
  });

  it('alerts the admins once when no expert is available', async () => {
    const { dossierId } = await choosing('guyane');
    const step = await openStep(t, dossierId);
    expect(await t.app.services.workflows.assignment.run(dossierId, step!.id)).toBe('unavailable');
    const alerts = await t.db.selectFrom('alerts').selectAll().where('dossierId', '=', dossierId).execute();
    expect(alerts).toMatchObject([
      {
        type: 'assignment_unavailable',
        audience: 'admin',
        assigneeId: null,
        state: 'open',
        dedupeKey: `assignment_unavailable:${step!.id}`,
      },
    ]);
    expect(await requestsOf(dossierId)).toEqual([]);
  });

  it('does nothing for a step that is no longer open', async () => {
    await expertOf('martinique');
    const { dossierId } = await choosing('martinique');
    const requests = await requestsOf(dossierId);
    const stale = await t.db
      .selectFrom('dossierSteps')
      .select('id')
      .where('dossierId', '=', dossierId)
      .where('stepKey', '=', 'choose_expert')
      .executeTakeFirstOrThrow();
    expect(await t.app.services.workflows.assignment.run(dossierId, stale.id)).toBe('nothing');
    expect(await requestsOf(dossierId)).toEqual(requests);
  });
});

describe('assigning the best available expert', () => {
  beforeAll(async () => {
    await writeTemplate(t, cast.admin, withAssignment('assign'));
  });

  it('proposes the dossier to the expert in the name of an admin', async () => {
    const local = await expertOf('grand-est');
    const { dossierId } = await choosing('grand-est');
    expect(await dossierOf(dossierId)).toEqual({ status: 'expert_pending', expertId: local.user.id });
    const event = await t.db
      .selectFrom('dossierEvents')
      .select('actorId')
      .where('dossierId', '=', dossierId)
      .where('toStatus', '=', 'expert_pending')
      .executeTakeFirstOrThrow();
    expect(event.actorId).toBe(cast.admin.user.id);
  });
});
