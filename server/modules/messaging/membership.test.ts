import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, transition } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import { dossierWithExpert } from './messaging.factories.ts';
import { reconcileDossierMembership } from './messaging.jobs.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const readStatus = async (who: Session, conversationId: string) =>
  (await t.request('GET', `/api/conversations/${conversationId}/messages`, { token: who.token })).status;

/** A dossier under way whose expert an admin then replaced by the other expert. */
async function reassigned() {
  const cast = await dossierWithExpert(t);
  expect((await transition(t, cast.expert, cast.dossierId, { to: 'expert_assigned' })).status).toBe(200);
  const res = await t.request('POST', `/api/admin/dossiers/${cast.dossierId}/assign`, {
    token: cast.admin.token,
    body: { expertId: cast.otherExpert.user.id, reason: 'Expert indisponible' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await eventually(async () => {
    expect(await readStatus(cast.otherExpert, cast.conversationId)).toBe(200);
    expect(await readStatus(cast.expert, cast.conversationId)).toBe(404);
  });
  return cast;
}

/** The membership as if the event of the reassignment had been lost: the old expert in, the new one out. */
async function breakMembership(conversationId: string, oldExpertId: string, newExpertId: string) {
  await t.db
    .updateTable('conversationParticipants')
    .set({ leftAt: null })
    .where('conversationId', '=', conversationId)
    .where('userId', '=', oldExpertId)
    .execute();
  await t.db
    .updateTable('conversationParticipants')
    .set({ leftAt: t.clock.now() })
    .where('conversationId', '=', conversationId)
    .where('userId', '=', newExpertId)
    .execute();
}

describe('dossier conversation membership', () => {
  it('follows a reassignment: the old expert can no longer read the conversation, the new one can', async () => {
    const cast = await reassigned();
    const conversation = await t.request('GET', `/api/conversations/${cast.conversationId}`, {
      token: cast.client.token,
    });
    const experts = conversation.body.participants.filter((p: { role: string }) => p.role === 'expert');
    expect(experts.map((p: { id: string }) => p.id)).toEqual([cast.otherExpert.user.id]);
  });

  it('the periodic job repairs a membership broken on purpose', async () => {
    const cast = await reassigned();
    await breakMembership(cast.conversationId, cast.expert.user.id, cast.otherExpert.user.id);
    expect(await readStatus(cast.expert, cast.conversationId)).toBe(200);

    await t.app.services.jobs.runNow(reconcileDossierMembership, {});

    expect(await readStatus(cast.expert, cast.conversationId)).toBe(404);
    expect(await readStatus(cast.otherExpert, cast.conversationId)).toBe(200);
  });

  it('reconciling twice changes nothing the second time', async () => {
    const cast = await reassigned();
    await breakMembership(cast.conversationId, cast.expert.user.id, cast.otherExpert.user.id);
    const { membership } = t.app.services.messaging;
    expect(await membership.reconcile(cast.dossierId)).toEqual({
      joined: [cast.otherExpert.user.id],
      left: [cast.expert.user.id],
    });
    expect(await membership.reconcile(cast.dossierId)).toEqual({ joined: [], left: [] });
  });

  it('an expert who declines leaves the conversation', async () => {
    const cast = await dossierWithExpert(t);
    const declined = await transition(t, cast.expert, cast.dossierId, {
      to: 'eligible',
      reason: 'Pas disponible',
    });
    expect(declined.status).toBe(200);
    await eventually(async () => expect(await readStatus(cast.expert, cast.conversationId)).toBe(404));
  });
});
