import type { Db } from '../../db/pool.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import type { BlobStorage } from '../../platform/storage/index.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { AttachmentsService } from './attachments.service.ts';
import { ConversationsService } from './conversations.service.ts';
import { DossierMembership } from './membership.ts';
import { MessageSearchService } from './message-search.service.ts';
import { MessagesService } from './messages.service.ts';
import { MessagingRealtime } from './messaging.realtime.ts';
import { Participation } from './participation.ts';

/**
 * The messaging module's services, wired to one another through narrow dependencies, and its reactions to dossier
 * events: the dossier conversation follows its expert (created on assignment, the new expert in, the previous out).
 */
export function createMessaging(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  dossiers: DossiersService;
  users: UsersService;
  storage: BlobStorage;
  realtime: RealtimeHub;
  attachmentMaxBytes: number;
  /** Attachments a user may keep stored, in bytes. */
  attachmentQuotaBytes: number;
}) {
  const { db, clock, events, dossiers } = deps;
  const realtime = new MessagingRealtime(deps.realtime);
  const participation = new Participation({ db, clock, dossiers, realtime });
  const messages = new MessagesService({ db, clock, events, realtime, participation });
  const announce = (conversationId: string, body: string) => messages.postSystemMessage(conversationId, body);
  const conversations = new ConversationsService({
    db,
    clock,
    dossiers,
    users: deps.users,
    realtime,
    participation,
    announce,
  });
  const membership = new DossierMembership({
    db,
    clock,
    realtime,
    ensureConversation: (dossierId, companyId, expertId) =>
      conversations.ensureDossierConversation(dossierId, companyId, expertId, null),
    announce,
  });
  events.subscribe('dossier.status_changed', async (e) => {
    if (e.expertId !== e.previousExpertId) await membership.reconcile(e.dossierId);
  });
  events.subscribe('dossier.expert_assigned', async (e) => {
    await membership.reconcile(e.dossierId);
  });
  return {
    participation,
    conversations,
    messages,
    search: new MessageSearchService({ db }),
    attachments: new AttachmentsService({
      db,
      clock,
      storage: deps.storage,
      participation,
      attachmentMaxBytes: deps.attachmentMaxBytes,
      attachmentQuotaBytes: deps.attachmentQuotaBytes,
    }),
    membership,
  };
}

export type Messaging = ReturnType<typeof createMessaging>;
