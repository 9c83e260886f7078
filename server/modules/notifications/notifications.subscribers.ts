import type { Dossier } from '../../../common/dossiers.ts';
import type { DomainEvents, EventBus } from '../../platform/events.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ExpertRequestsService } from '../experts/expert-requests.service.ts';
import type { MessagesService } from '../messaging/messages.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { registerDocumentNotices } from './document-notices.ts';
import { type MessageNoticeDeps, messageNotices } from './message-notices.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notice } from './templates.ts';

export type SubscriberDeps = {
  notifications: NotificationsService;
  users: UsersService;
  dossiers: DossiersService;
  expertRequests: ExpertRequestsService;
  messages: MessagesService;
  presence: MessageNoticeDeps['presence'];
  log: MessageNoticeDeps['log'];
};

const dossierLink = (id: string) => `/dossiers/${id}`;
const ACCOUNT_LINK = '/compte';
/** Each event notifies once per recipient: its key names it (retries and other instances meet on it). */
const keyOf = (event: string, ...parts: (string | Date)[]) =>
  [event, ...parts.map((p) => (p instanceof Date ? p.toISOString() : p))].join(':');
const without = (ids: (string | null)[], ...excluded: (string | null)[]) => [
  ...new Set(ids.filter((id): id is string => Boolean(id) && !excluded.includes(id))),
];
const dossierParams = (d: Dossier) => ({
  dossierId: d.id,
  reference: d.reference,
  productName: d.product.name,
  companyName: d.company.name,
});

/**
 * Who hears what: each domain event becomes the notification of the people it concerns (never its author). The
 * other modules are read through their services.
 */
export function registerNotificationSubscribers(events: EventBus, deps: SubscriberDeps): void {
  const { notifications, users, dossiers, expertRequests, messages, presence, log } = deps;
  const nameOf = async (userId: string) => {
    const [person] = await users.contacts([userId]);
    return person ? `${person.firstName} ${person.lastName}` : '';
  };

  const tellAboutMessage = messageNotices({ messages, presence, notifications, log });
  // The platform's own messages are announced by their own notifications.
  events.subscribe('message.created', (e) => (e.senderId ? tellAboutMessage(e.messageId) : undefined));

  registerDocumentNotices(events, { notifications, users, dossiers });

  events.subscribe('conversation.read', (e) =>
    notifications.markGroupRead(e.userId, `conversation:${e.conversationId}`, e.at),
  );

  events.subscribe('dossier.status_changed', async (e) => {
    const dossier = await dossiers.describe(e.dossierId);
    if (!dossier) return;
    const clients = await users.companyClients(e.companyId);
    const told = await toldByExpertRequest(expertRequests, e, clients);
    await notifications.notify({
      recipients: without([...clients, e.expertId, e.previousExpertId], e.actorId, ...told),
      ...notice('dossier.status_changed', { ...dossierParams(dossier), from: e.from, to: e.to }),
      link: dossierLink(e.dossierId),
      eventKey: keyOf('dossier.status_changed', e.dossierId, `${e.from}>${e.to}`, e.at),
    });
  });

  events.subscribe('dossier.expert_assigned', async (e) => {
    const dossier = await dossiers.describe(e.dossierId);
    if (!dossier) return;
    await notifications.notify({
      // The expert it leaves hears it too.
      recipients: without(
        [...(await users.companyClients(e.companyId)), e.expertId, e.previousExpertId],
        e.actorId,
      ),
      ...notice('dossier.expert_assigned', {
        ...dossierParams(dossier),
        expertName: await nameOf(e.expertId),
        reason: e.reason,
      }),
      link: dossierLink(e.dossierId),
      eventKey: keyOf('dossier.expert_assigned', e.dossierId, e.expertId, e.at),
    });
  });

  events.subscribe('expert_request.created', async (e) => {
    const dossier = await dossiers.describe(e.dossierId);
    if (!dossier) return;
    const request = await expertRequests.latestOf(e.dossierId);
    await notifications.notify({
      recipients: [e.expertId],
      ...notice('expert_request.created', {
        ...dossierParams(dossier),
        message: request?.id === e.requestId ? request.message : null,
      }),
      link: dossierLink(e.dossierId),
      eventKey: keyOf('expert_request.created', e.requestId),
    });
  });

  const answered = async (
    e: DomainEvents['expert_request.accepted'],
    then: 'accepted' | 'declined',
    reason = '',
  ) => {
    const dossier = await dossiers.describe(e.dossierId);
    if (!dossier) return;
    const params = { ...dossierParams(dossier), expertName: await nameOf(e.expertId) };
    await notifications.notify({
      recipients: without(await users.companyClients(e.companyId), e.actorId),
      ...(then === 'accepted'
        ? notice('expert_request.accepted', params)
        : notice('expert_request.declined', { ...params, reason })),
      link: dossierLink(e.dossierId),
      eventKey: keyOf(`expert_request.${then}`, e.requestId),
    });
  };
  events.subscribe('expert_request.accepted', (e) => answered(e, 'accepted'));
  events.subscribe('expert_request.declined', (e) => answered(e, 'declined', e.reason));

  events.subscribe('review.created', async (e) => {
    const dossier = await dossiers.describe(e.dossierId);
    if (!dossier) return;
    await notifications.notify({
      recipients: [e.expertId],
      ...notice('review.created', {
        expertId: e.expertId,
        rating: e.rating,
        companyName: dossier.company.name,
      }),
      link: `/experts/${e.expertId}`,
      eventKey: keyOf('review.created', e.reviewId),
    });
  });

  events.subscribe('review.replied', async (e) => {
    await notifications.notify({
      recipients: without(await users.companyClients(e.companyId), e.actorId),
      ...notice('review.replied', { expertId: e.expertId, expertName: await nameOf(e.expertId) }),
      link: `/experts/${e.expertId}`,
      eventKey: keyOf('review.replied', e.reviewId),
    });
  });

  events.subscribe('user.status_changed', async (e) => {
    const type =
      e.status === 'active' && e.previous !== 'suspended'
        ? 'account.approved'
        : e.status === 'rejected'
          ? 'account.rejected'
          : e.status === 'suspended'
            ? 'account.suspended'
            : null;
    if (!type) return; // A reactivation, or a move back to waiting: nothing to tell.
    const [person] = await users.contacts([e.userId]);
    if (!person) return;
    await notifications.notify({
      recipients: [e.userId],
      ...notice(type, { firstName: person.firstName, reason: e.reason ?? null }),
      link: ACCOUNT_LINK,
      eventKey: keyOf('user.status_changed', e.userId, e.status, e.at),
    });
  });

  events.subscribe('user.password_changed', async (e) => {
    await notifications.notify({
      recipients: [e.userId],
      ...notice('security.password_changed', {}),
      link: ACCOUNT_LINK,
      eventKey: keyOf('user.password_changed', e.userId, e.at),
    });
  });

  events.subscribe('user.email_changed', async (e) => {
    await notifications.notify({
      recipients: [e.userId],
      ...notice('security.email_changed', { previousEmail: e.previousEmail, email: e.email }),
      link: ACCOUNT_LINK,
      eventKey: keyOf('user.email_changed', e.userId, e.at),
    });
  });

  events.subscribe('auth.new_sign_in', async (e) => {
    await notifications.notify({
      recipients: [e.userId],
      ...notice('security.new_sign_in', { browser: browserOf(e.userAgent), ip: e.ip }),
      link: ACCOUNT_LINK,
      eventKey: keyOf('auth.new_sign_in', e.sessionId),
    });
  });
}

/**
 * The people an expert-request notification already tells about this dossier change (the request flow moves the
 * dossier): the expert asked (`expert_request.created`), or the clients answered (`.accepted`, `.declined`). An
 * admin's own proposal or a cancellation has no request notification: the status one tells everyone.
 */
async function toldByExpertRequest(
  expertRequests: ExpertRequestsService,
  e: DomainEvents['dossier.status_changed'],
  clients: string[],
): Promise<string[]> {
  const flow =
    (e.from === 'eligible' && e.to === 'expert_pending') ||
    (e.from === 'expert_pending' && (e.to === 'expert_assigned' || e.to === 'eligible'));
  if (!flow) return [];
  const request = await expertRequests.latestOf(e.dossierId);
  if (!request) return [];
  if (e.to === 'expert_pending') {
    return request.status === 'requested' && request.expertId === e.expertId ? [request.expertId] : [];
  }
  const answer = e.to === 'expert_assigned' ? 'accepted' : 'declined';
  return request.status === answer && request.expertId === e.previousExpertId ? clients : [];
}

/** "Firefox · Linux": the browser and system of a user agent, for a sign-in notice (the raw string if unknown). */
export function browserOf(userAgent: string): string {
  const browser = [
    ['Edg/', 'Edge'],
    ['OPR/', 'Opera'],
    ['Firefox/', 'Firefox'],
    ['Chrome/', 'Chrome'],
    ['Safari/', 'Safari'],
  ].find(([mark]) => userAgent.includes(mark!))?.[1];
  const system = [
    ['Windows', 'Windows'],
    ['Android', 'Android'],
    ['iPhone', 'iOS'],
    ['iPad', 'iPadOS'],
    ['Mac OS', 'macOS'],
    ['Linux', 'Linux'],
  ].find(([mark]) => userAgent.includes(mark!))?.[1];
  if (!browser) return userAgent.slice(0, 80) || '?';
  return system ? `${browser} · ${system}` : browser;
}
