import { afterAll, beforeAll, expect } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import type { Notification, NotificationType } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { forwardTo, startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import type { Config } from '../../config.ts';
import type { ManualClock } from '../../platform/clock.ts';
import type { ChannelDelivery, ChannelOutcome, DeliveryChannel } from './channel.ts';
import type { NotificationChannels } from './notifications.services.ts';
import type { NotificationData } from './templates.ts';

/** A channel standing in for e-mail or push: records what it is given; told to send, skip, or fail for a while. */
export class RecordingChannel implements DeliveryChannel {
  readonly received: ChannelDelivery[] = [];
  answer: 'send' | 'fail' | { skip: string } = 'send';

  async deliver(input: ChannelDelivery): Promise<ChannelOutcome> {
    this.received.push(input);
    if (this.answer === 'fail') throw new Error('channel unreachable');
    if (this.answer === 'send') return { status: 'sent' };
    return { status: 'skipped', reason: this.answer.skip };
  }
}

/**
 * The real app with these notification channels (a fresh database unless `databaseUrl` is given: a second instance
 * shares the first one's).
 */
export const startNotificationsApp = (options: {
  channels: NotificationChannels;
  overrides?: Partial<Config>;
  databaseUrl?: string;
  clock?: ManualClock;
}): Promise<TestApp> =>
  startTestApp(options.overrides, {
    databaseUrl: options.databaseUrl,
    clock: options.clock,
    notificationChannels: options.channels,
  });

/** A test file's app whose e-mails and pushes go to recording channels, started before its tests. */
export function notificationsTestApp(overrides: Partial<Config> = {}) {
  const channels = { email: new RecordingChannel(), push: new RecordingChannel() };
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startNotificationsApp({ channels, overrides });
  });
  afterAll(() => t?.close());
  return { t: forwardTo(() => t), channels };
}

/** The user's notifications as the centre lists them (`query`: the list's query string, without '?'). */
export async function centre(t: TestApp, who: Session, query = ''): Promise<Notification[]> {
  const res = await t.request('GET', `/api/notifications?${query}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

/**
 * Waits until the user's centre holds a notification of this type (about `link`, when given), and returns those of
 * that type (and link).
 */
export async function notified(
  t: TestApp,
  who: Session,
  type: NotificationType,
  link?: string,
): Promise<Notification[]> {
  let found: Notification[] = [];
  await eventually(async () => {
    found = (await centre(t, who, 'view=all&limit=100')).filter(
      (n) => n.type === type && (link === undefined || n.link === link),
    );
    expect(found.length, `${type} for ${who.user.email}`).toBeGreaterThan(0);
  });
  return found;
}

/** Believable parameters for every notification type (what the subscribers and callers store). */
export const sampleData: { [T in NotificationType]: NotificationData[T] } = {
  'message.new': { conversationId: 'c1', senderName: 'Marie Dupont', excerpt: 'Voici les factures.' },
  'dossier.status_changed': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    productName: 'TICPE',
    companyName: 'Transports Dupont',
    from: 'documents_pending',
    to: 'audit_in_progress',
  },
  'dossier.expert_assigned': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    productName: 'TICPE',
    companyName: 'Transports Dupont',
    expertName: 'Eva Lambert',
  },
  'expert_request.created': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    productName: 'TICPE',
    companyName: 'Transports Dupont',
    message: 'Pouvez-vous nous aider ?',
  },
  'expert_request.accepted': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    productName: 'TICPE',
    expertName: 'Eva Lambert',
  },
  'expert_request.declined': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    productName: 'TICPE',
    expertName: 'Eva Lambert',
    reason: 'Agenda complet',
  },
  'review.created': { expertId: 'e1', rating: 5, companyName: 'Transports Dupont' },
  'review.replied': { expertId: 'e1', expertName: 'Eva Lambert' },
  'account.approved': { firstName: 'Eva' },
  'account.rejected': { firstName: 'Eva' },
  'account.suspended': { firstName: 'Eva' },
  'document.requested': { dossierId: 'd1', reference: 'FT-2026-00042', documentName: 'Kbis' },
  'document.approved': { dossierId: 'd1', reference: 'FT-2026-00042', documentName: 'Kbis' },
  'document.rejected': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    documentName: 'Kbis',
    reason: 'Illisible',
  },
  'workflow.step_completed': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    stepName: { fr: 'Audit', en: 'Audit' },
  },
  'workflow.step_notice': {
    dossierId: 'd1',
    reference: 'FT-2026-00042',
    stepName: { fr: 'Vérifier l’éligibilité', en: 'Check eligibility' },
    message: { fr: 'Un nouveau dossier attend votre revue.', en: 'A new file awaits your review.' },
  },
  'sla.approaching': { dossierId: 'd1', reference: 'FT-2026-00042', hoursLeft: 12 },
  'sla.breached': { dossierId: 'd1', reference: 'FT-2026-00042', hoursLate: 3 },
  reminder: { subject: { fr: 'Compléter votre dossier', en: 'Complete your file' } },
  announcement: {
    titleFr: 'Maintenance samedi',
    bodyFr: 'Le service sera coupé de 8 h à 9 h.',
    titleEn: 'Maintenance on Saturday',
    bodyEn: 'The service will be down from 8 to 9 a.m.',
  },
  'report.ready': { reportName: { fr: 'Bilan annuel', en: 'Annual report' } },
  'security.password_changed': {},
  'security.email_changed': { previousEmail: 'ancienne@test.fr', email: 'nouvelle@test.fr' },
  'security.new_sign_in': { browser: 'Firefox · Linux', ip: '203.0.113.7' },
};

/** A client with one browser subscribed to pushes (without one, no push delivery is made). */
export async function subscribedClient(t: TestApp, overrides: Parameters<typeof registerClient>[1] = {}) {
  const client = await registerClient(t, overrides);
  await t.db
    .insertInto('pushSubscriptions')
    .values({
      id: uuidv7(),
      userId: client.user.id,
      endpoint: `https://push.example.test/${client.user.id}`,
      p256dh: 'BElk2SHb1JQiPZ6qJ3nqUjZ9eVZ1i0yJ9zDyFE6kYQx2bq4xU8c6Ue1dBRwq3U5X0vZlcJw2m9hq3Jf7xLr1sQE',
      auth: 'c29tZS1hdXRoLXNlY3JldA',
      createdAt: t.clock.now(),
    })
    .execute();
  return client;
}
