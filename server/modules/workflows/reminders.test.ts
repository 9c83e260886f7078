import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import type { ReminderKind } from '../../db/schema-workflows.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { dossierWithExpert } from '../messaging/messaging.factories.ts';
import { centre } from '../notifications/notifications.factories.ts';
import { dossierWithStep, HOUR } from './alerts.factories.ts';

const DAY = 24 * HOUR;

const { t, cast } = appWith(
  async (t) => {
    const admin = await createAdmin(t);
    const expert = await approvedExpert(t, admin);
    return { admin, expert };
  },
  { overrides: { accessTokenTtlSeconds: 10 * 365 * 86_400 } },
);

const reminderOf = (kind: ReminderKind, subjectId: string) =>
  t.db
    .selectFrom('reminders')
    .selectAll()
    .where('kind', '=', kind)
    .where('subjectId', '=', subjectId)
    .executeTakeFirst();

const sendDue = () => t.app.services.workflows.reminders.sendDue();

/** The bodies of the user's reminder notifications about `link`. */
const remindersTo = async (who: Session, link: string) =>
  (await centre(t, who, 'view=all&limit=100'))
    .filter((n) => n.type === 'reminder' && n.link === link)
    .map((n) => n.body);

/** A document asked of a new client; its request id once the reminder exists. */
async function requested() {
  const d = await dossierWithStep(t, cast.expert);
  const res = await t.request('POST', `/api/dossiers/${d.dossierId}/document-requests`, {
    token: cast.expert.token,
    body: { category: 'kbis' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const requestId = res.body.id as string;
  await expect.poll(() => reminderOf('documents_awaited', requestId)).toBeDefined();
  return { ...d, requestId };
}

describe('documents awaited', () => {
  it('reminds the client after the configured days', async () => {
    const d = await requested();
    const reminder = await reminderOf('documents_awaited', d.requestId);
    expect(reminder!.nextAt.getTime() - t.clock.now().getTime()).toBe(3 * DAY);
    t.clock.advance(3 * DAY);
    await sendDue();
    await expect
      .poll(() => remindersTo(d.client, `/dossiers/${d.dossierId}`))
      .toEqual([expect.stringContaining('Document attendu pour le dossier')]);
  });

  it('doubles the wait after each reminder, up to 14 days, and stops after the maximum count', async () => {
    const d = await requested();
    const gaps: number[] = [];
    for (let sent = 0; sent < 5; sent++) {
      const before = await reminderOf('documents_awaited', d.requestId);
      t.clock.advance(before!.nextAt.getTime() - t.clock.now().getTime());
      await sendDue();
      const after = await reminderOf('documents_awaited', d.requestId);
      expect(after!.sentCount).toBe(sent + 1);
      gaps.push((after!.nextAt.getTime() - t.clock.now().getTime()) / DAY);
    }
    expect(gaps.slice(0, 4)).toEqual([6, 12, 14, 14]);
    expect(await reminderOf('documents_awaited', d.requestId)).toMatchObject({
      stopReason: 'max_count',
      stoppedAt: t.clock.now(),
    });
    await expect.poll(async () => (await remindersTo(d.client, `/dossiers/${d.dossierId}`)).length).toBe(5);
  });

  it('stops once the request is cancelled', async () => {
    const d = await requested();
    const res = await t.request('POST', `/api/document-requests/${d.requestId}/cancel`, {
      token: cast.expert.token,
    });
    expect(res.status).toBe(200);
    await expect
      .poll(async () => (await reminderOf('documents_awaited', d.requestId))?.stopReason)
      .toBe('cancelled');
  });

  it('stops, without reminding, when the check at send time finds the cause gone', async () => {
    const d = await requested();
    await t.db
      .updateTable('documentRequests')
      .set({ status: 'cancelled' })
      .where('id', '=', d.requestId)
      .execute();
    t.clock.advance(3 * DAY);
    await sendDue();
    expect(await reminderOf('documents_awaited', d.requestId)).toMatchObject({
      stopReason: 'cause_gone',
      sentCount: 0,
    });
    expect(await remindersTo(d.client, `/dossiers/${d.dossierId}`)).toEqual([]);
  });
});

describe('messages and expert requests', () => {
  const clientWrites = async (d: Awaited<ReturnType<typeof dossierWithExpert>>) => {
    const res = await t.request('POST', `/api/conversations/${d.conversationId}/messages`, {
      token: d.client.token,
      body: { clientKey: randomUUID(), body: 'Avez-vous reçu nos factures ?' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const messageId = res.body.message.id as string;
    await expect.poll(() => reminderOf('message_unanswered', messageId)).toBeDefined();
    return messageId;
  };

  it('reminds the expert of a client message unanswered after one business day', async () => {
    const d = await dossierWithExpert(t);
    const messageId = await clientWrites(d);
    const reminder = await reminderOf('message_unanswered', messageId);
    expect(reminder).toMatchObject({ audience: 'expert', dossierId: d.dossierId });
    t.clock.advance(reminder!.nextAt.getTime() - t.clock.now().getTime());
    await sendDue();
    await expect
      .poll(() => remindersTo(d.expert, `/dossiers/${d.dossierId}`))
      .toContainEqual(expect.stringContaining('attend votre réponse'));
  });

  it('stops once the expert answers', async () => {
    const d = await dossierWithExpert(t);
    const messageId = await clientWrites(d);
    const res = await t.request('POST', `/api/conversations/${d.conversationId}/messages`, {
      token: d.expert.token,
      body: { clientKey: randomUUID(), body: 'Oui, merci.' },
    });
    expect(res.status).toBe(201);
    await expect
      .poll(async () => (await reminderOf('message_unanswered', messageId))?.stopReason)
      .toBe('answered');
  });

  it('stops the reminder of an expert request once the expert accepts it', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const asked = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: cast.expert.user.id },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const requestId = asked.body.id as string;
    await expect.poll(() => reminderOf('expert_request_unanswered', requestId)).toBeDefined();
    const reminder = await reminderOf('expert_request_unanswered', requestId);
    expect(reminder).toMatchObject({ audience: 'user', recipientId: cast.expert.user.id });
    expect(reminder!.nextAt.getTime() - t.clock.now().getTime()).toBe(DAY);
    const res = await t.request('POST', `/api/expert-requests/${requestId}/accept`, {
      token: cast.expert.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await expect
      .poll(async () => (await reminderOf('expert_request_unanswered', requestId))?.stopReason)
      .toBe('accepted');
  });
});

describe('experts awaiting review', () => {
  it('reminds the admins of a pending expert, with a link to their page, until one approves them', async () => {
    const expert = await registerExpert(t);
    await expect.poll(() => reminderOf('expert_review_pending', expert.user.id)).toBeDefined();
    const reminder = await reminderOf('expert_review_pending', expert.user.id);
    t.clock.advance(reminder!.nextAt.getTime() - t.clock.now().getTime());
    await sendDue();
    await expect
      .poll(async () =>
        (await remindersTo(cast.admin, `/admin/utilisateurs/${expert.user.id}`)).some((body) =>
          body.includes(expert.user.lastName),
        ),
      )
      .toBe(true);
    const res = await t.request('POST', `/api/admin/users/${expert.user.id}/approve`, {
      token: cast.admin.token,
    });
    expect(res.status).toBe(200);
    await expect
      .poll(async () => (await reminderOf('expert_review_pending', expert.user.id))?.stopReason)
      .toBe('active');
  });
});
