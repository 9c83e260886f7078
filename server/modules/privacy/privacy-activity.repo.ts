import type { Executor } from '../../db/pool.ts';
import type { Owner } from './privacy.repo.ts';

/**
 * Reads of what a person did and received, for their data export: conversations and their own messages, reviews,
 * expert requests, notifications, e-mails, sessions, audit entries, signatures, alerts and reminders. Columns are
 * listed one by one (see privacy.repo.ts); another person appears at most as "by you or not".
 */
export const privacyActivityRepo = {
  conversations: (db: Executor, userId: string) =>
    db
      .selectFrom('conversationParticipants as p')
      .innerJoin('conversations as c', 'c.id', 'p.conversationId')
      .leftJoin('dossiers as d', 'd.id', 'c.dossierId')
      .select(['c.id', 'c.kind', 'd.reference as dossierReference', 'p.role as yourRole'])
      .select(['p.joinedAt', 'p.leftAt', 'p.lastReadAt'])
      .where('p.userId', '=', userId)
      .orderBy('p.joinedAt')
      .execute(),

  messages: (db: Executor, userId: string) =>
    db
      .selectFrom('messages')
      .select(['id', 'conversationId', 'seq', 'kind', 'body', 'hasAttachments'])
      .select(['createdAt', 'editedAt', 'deletedAt'])
      .where('senderId', '=', userId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute(),

  /** The earlier texts of the person's own messages (edited or deleted since). */
  messageEdits: (db: Executor, userId: string) =>
    db
      .selectFrom('messageEdits as e')
      .innerJoin('messages as m', 'm.id', 'e.messageId')
      .select((eb) => [
        'e.messageId',
        'e.action',
        'e.previousBody',
        'e.createdAt',
        eb('e.editorId', 'is not distinct from', userId).as('byYou'),
      ])
      .where('m.senderId', '=', userId)
      .orderBy('e.createdAt')
      .execute(),

  reviews: (db: Executor, column: 'authorId' | 'expertId', userId: string) =>
    db
      .selectFrom('reviews as r')
      .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
      .select(['d.reference as dossierReference', 'r.rating', 'r.communication', 'r.expertise', 'r.speed'])
      .select(['r.text', 'r.reply', 'r.repliedAt', 'r.hidden', 'r.hiddenAt', 'r.createdAt', 'r.updatedAt'])
      .where(`r.${column}`, '=', userId)
      .orderBy('r.createdAt')
      .execute(),

  expertRequests: (db: Executor, userId: string) =>
    db
      .selectFrom('expertRequests as r')
      .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
      .select((eb) => [
        'd.reference as dossierReference',
        eb('r.requestedBy', '=', userId).as('sentByYou'),
        eb('r.expertId', '=', userId).as('addressedToYou'),
        'r.status',
        'r.message',
        'r.reason',
        'r.createdAt',
        'r.respondedAt',
      ])
      .where((eb) => eb.or([eb('r.requestedBy', '=', userId), eb('r.expertId', '=', userId)]))
      .orderBy('r.createdAt')
      .execute(),

  notifications: (db: Executor, userId: string) =>
    db
      .selectFrom('notifications')
      .select(['id', 'type', 'data', 'link', 'groupCount', 'inApp', 'createdAt', 'updatedAt'])
      .select(['readAt', 'archivedAt'])
      .where('recipientId', '=', userId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute(),

  notificationSettings: (db: Executor, userId: string) =>
    db
      .selectFrom('notificationSettings')
      .select(['channels', 'quietStart', 'quietEnd', 'digest', 'updatedAt'])
      .where('userId', '=', userId)
      .executeTakeFirst(),

  /** The browsers registered for push: their endpoint only, never their keys. */
  pushSubscriptions: (db: Executor, userId: string) =>
    db
      .selectFrom('pushSubscriptions')
      .select(['endpoint', 'userAgent', 'createdAt', 'lastSuccessAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute(),

  emails: (db: Executor, userId: string) =>
    db
      .selectFrom('emailMessages')
      .select(['kind', 'toAddress', 'locale', 'subject', 'status', 'createdAt', 'sentAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute(),

  sessions: (db: Executor, userId: string) =>
    db
      .selectFrom('sessionDevices')
      .select(['userAgent', 'ip', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute(),

  /** Entries the person is the actor of, or about their own account. */
  auditEntries: (db: Executor, userId: string) =>
    db
      .selectFrom('auditLog')
      .select((eb) => [
        'action',
        'entityType',
        'entityId',
        'before',
        'after',
        'createdAt',
        eb('actorId', 'is not distinct from', userId).as('byYou'),
        eb.and([eb('entityType', '=', 'user'), eb('entityId', '=', userId)]).as('aboutYou'),
      ])
      .where((eb) =>
        eb.or([
          eb('actorId', '=', userId),
          eb.and([eb('entityType', '=', 'user'), eb('entityId', '=', userId)]),
        ]),
      )
      .orderBy('createdAt')
      .orderBy('id')
      .execute(),

  signatures: (db: Executor, userId: string) =>
    db
      .selectFrom('stepSignatures as s')
      .innerJoin('dossierSteps as st', 'st.id', 's.stepId')
      .innerJoin('dossiers as d', 'd.id', 's.dossierId')
      .select(['d.reference as dossierReference', 'st.stepKey', 's.signerName', 's.documentSha256'])
      .select(['s.ip', 's.userAgent', 's.signedAt'])
      .where('s.signerId', '=', userId)
      .orderBy('s.signedAt')
      .execute(),

  alerts: (db: Executor, userId: string) =>
    db
      .selectFrom('alerts as a')
      .leftJoin('dossiers as d', 'd.id', 'a.dossierId')
      .select(['d.reference as dossierReference', 'a.type', 'a.severity', 'a.level', 'a.state'])
      .select(['a.createdAt', 'a.snoozedUntil', 'a.acknowledgedAt', 'a.resolvedAt', 'a.resolutionNote'])
      .where('a.assigneeId', '=', userId)
      .orderBy('a.createdAt')
      .execute(),

  /** Reminders sent to the person by name, to their company's clients, or to a dossier's expert who is them. */
  reminders: (db: Executor, o: Owner) =>
    db
      .selectFrom('reminders as r')
      .leftJoin('dossiers as d', 'd.id', 'r.dossierId')
      .select(['d.reference as dossierReference', 'r.kind', 'r.sentCount', 'r.lastSentAt', 'r.nextAt'])
      .select(['r.stoppedAt', 'r.stopReason', 'r.createdAt'])
      .where((eb) =>
        eb.or([
          eb('r.recipientId', '=', o.userId),
          ...(o.companyId
            ? [eb.and([eb('r.audience', '=', 'client'), eb('d.companyId', '=', o.companyId)])]
            : []),
          eb.and([
            eb('r.audience', '=', 'expert'),
            eb('r.recipientId', 'is', null),
            eb('d.expertId', '=', o.userId),
          ]),
        ]),
      )
      .orderBy('r.createdAt')
      .orderBy('r.id')
      .execute(),
};
