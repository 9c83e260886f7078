import { uuidv7 } from '../../../common/ids.ts';
import type { Conversation, Message, UnreadSummary } from '../../../common/messaging.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { attachmentsRepo } from './attachments.repo.ts';
import { type ConversationView, conversationsRepo as repo } from './conversations.repo.ts';
import { messagesRepo } from './messages.repo.ts';
import { toConversation, toMessage, toUnreadSummary } from './messaging.presenter.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';
import type { Participation } from './participation.ts';

type Participant = { userId: string; role: Actor['role'] };

export type ConversationsDeps = Pick<Platform, 'db' | 'clock'> & {
  dossiers: DossiersService;
  users: UsersService;
  realtime: MessagingRealtime;
  participation: Participation;
  /** Posts a system message in a conversation (the messages service's). */
  announce: (conversationId: string, body: string) => Promise<Message>;
};

/** Conversations: a dossier's (one per dossier, its people follow it) and direct ones (one per pair). */
export class ConversationsService extends Service<ConversationsDeps> {
  async list(user: Actor, query: { limit: number; cursor?: string }) {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const after = key && { activityAt: key[0], id: key[1] };
    const [rows, unread] = await Promise.all([
      repo.listForUser(this.deps.db, user.id, { limit: query.limit, after }),
      this.unread(user),
    ]);
    const page = pageOf(rows, query.limit, (last) => [new Date(last.activityAt).toISOString(), last.id]);
    return {
      items: await this.toConversations(page.items, { withLastMessage: true }),
      nextCursor: page.nextCursor,
      unreadTotal: unread.total,
    };
  }

  async get(user: Actor, conversationId: string): Promise<Conversation> {
    const row = await repo.conversationFor(this.deps.db, conversationId, user.id);
    if (!row) throw notFound('Conversation');
    const isParticipant = row.lastReadSeq !== null;
    if (!isParticipant) {
      // An admin may look at a dossier conversation (to decide to join it), not read it.
      const mayJoin = user.role === 'admin' && row.kind === 'dossier';
      const autoJoined = !mayJoin && (await this.deps.participation.joinIfEntitled(user, row));
      if (!mayJoin && !autoJoined) throw notFound('Conversation');
      if (autoJoined) return this.get(user, conversationId);
    }
    const [conversation] = await this.toConversations([row], { withLastMessage: isParticipant });
    return conversation!;
  }

  private async toConversations(
    rows: ConversationView[],
    { withLastMessage }: { withLastMessage: boolean },
  ): Promise<Conversation[]> {
    const ids = rows.map((r) => r.id);
    const [participants, lastRows] = await Promise.all([
      repo.participantsOf(this.deps.db, ids),
      withLastMessage ? messagesRepo.lastMessages(this.deps.db, ids) : Promise.resolve([]),
    ]);
    const attachments = await attachmentsRepo.attachmentsOf(
      this.deps.db,
      lastRows.filter((m) => m.hasAttachments).map((m) => m.id),
    );
    const lastByConversation = new Map(lastRows.map((m) => [m.conversationId, toMessage(m, attachments)]));
    return rows.map((r) => toConversation(r, participants, lastByConversation.get(r.id) ?? null));
  }

  /**
   * The conversation of a dossier, created on first use, for anyone who may see the dossier. Its client users and
   * its expert take part; an admin sees it and may join it.
   */
  async forDossier(user: AuthUser, dossierId: string): Promise<Conversation> {
    const dossier = await this.deps.dossiers.find(user, dossierId);
    const conversationId = await this.ensureDossierConversation(
      dossier.id,
      dossier.company.id,
      dossier.expert?.id ?? null,
      user.id,
    );
    return this.get(user, conversationId);
  }

  /** The dossier's conversation, created with its client users and expert when it has none yet. */
  async ensureDossierConversation(
    dossierId: string,
    companyId: string,
    expertId: string | null,
    createdBy: string | null,
  ): Promise<string> {
    const existing = await repo.findByDossier(this.deps.db, dossierId);
    if (existing) return existing.id;
    const created = await this.create({ dossierId }, createdBy, async (trx) => {
      const clients = await this.deps.users.companyClients(companyId, trx);
      const people: Participant[] = clients.map((userId) => ({ userId, role: 'client' }));
      if (expertId) people.push({ userId: expertId, role: 'expert' });
      return people;
    });
    if (created) return created;
    // Someone else created it at the same moment.
    const winner = await repo.findByDossier(this.deps.db, dossierId);
    if (!winner) throw notFound('Conversation');
    return winner.id;
  }

  /**
   * Creates a dossier's or a pair's conversation with its people, recorded in the audit log, and lets them know once
   * committed; null when the dossier or the pair got one at the same moment (unique key).
   */
  private async create(
    key: { dossierId: string } | { directKey: string },
    createdBy: string | null,
    peopleOf: (trx: Executor) => Promise<Participant[]>,
  ): Promise<string | null> {
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    const dossierId = 'dossierId' in key ? key.dossierId : null;
    const kind = dossierId ? 'dossier' : 'direct';
    const members = await this.deps.db.transaction().execute(async (trx) => {
      const directKey = 'directKey' in key ? key.directKey : null;
      const inserted = await repo.insertConversation(trx, {
        id,
        kind,
        dossierId,
        directKey,
        createdBy,
        createdAt: at,
      });
      if (!inserted) return null;
      const people = await peopleOf(trx);
      await repo.addParticipants(trx, id, people, at);
      const participants = people.map((p) => p.userId);
      await recordAudit(trx, {
        actorId: createdBy,
        action: 'conversation.created',
        entityType: 'conversation',
        entityId: id,
        after: dossierId ? { kind, dossierId, participants } : { kind, participants },
        at,
      });
      return participants;
    });
    if (!members) return null;
    this.deps.realtime.enter(members, id);
    this.deps.realtime.conversationNew(members, id);
    return id;
  }

  /** Admin: takes part in a dossier conversation from now on; recorded in the audit log and in the thread. */
  async join(admin: Actor, conversationId: string): Promise<Conversation> {
    if (admin.role !== 'admin') throw forbidden();
    const conversation = await repo.findConversation(this.deps.db, conversationId);
    if (!conversation) throw notFound('Conversation');
    if (conversation.kind !== 'dossier')
      throw forbidden('Seules les conversations de dossier peuvent être rejointes');
    const at = this.deps.clock.now();
    const added = await this.deps.db.transaction().execute(async (trx) => {
      const added = await repo.addParticipants(
        trx,
        conversationId,
        [{ userId: admin.id, role: 'admin' }],
        at,
      );
      if (added.length) {
        await recordAudit(trx, {
          actorId: admin.id,
          action: 'conversation.admin_joined',
          entityType: 'conversation',
          entityId: conversationId,
          after: { dossierId: conversation.dossierId },
          at,
        });
      }
      return added;
    });
    if (added.length) {
      this.deps.realtime.enter([admin.id], conversationId);
      await this.deps.announce(
        conversationId,
        `${await this.nameOf(admin.id)} (équipe Profitum) a rejoint la conversation`,
      );
    }
    return this.get(admin, conversationId);
  }

  /**
   * A direct conversation between two people, one per pair: a client with an expert (before any dossier binds
   * them), an admin with anyone. Answers the existing one when there is one.
   */
  async createDirect(
    user: Actor,
    otherId: string,
  ): Promise<{ conversation: Conversation; created: boolean }> {
    if (otherId === user.id)
      throw unprocessable('CONVERSATION_WITH_SELF', 'Choisissez un autre interlocuteur');
    const other = await repo.interlocutor(this.deps.db, otherId);
    if (other?.status !== 'active') {
      throw unprocessable(
        'CONVERSATION_PARTNER_UNAVAILABLE',
        'Cet utilisateur n’existe pas ou n’est pas actif',
      );
    }
    // An existing conversation answers whoever of the two asks.
    const directKey = [user.id, otherId].sort().join(':');
    const existing = await repo.findByDirectKey(this.deps.db, directKey);
    if (existing) return { conversation: await this.get(user, existing.id), created: false };
    const allowed =
      user.role === 'admin' || other.role === 'admin' || (user.role === 'client' && other.role === 'expert');
    if (!allowed) {
      throw forbidden(
        'Une conversation directe relie un client et un expert, ou un administrateur et un utilisateur',
      );
    }
    const created = await this.create({ directKey }, user.id, async () => [
      { userId: user.id, role: user.role },
      { userId: other.id, role: other.role },
    ]);
    const conversationId = created ?? (await repo.findByDirectKey(this.deps.db, directKey))!.id;
    return { conversation: await this.get(user, conversationId), created: created !== null };
  }

  conversationIdsOf(userId: string): Promise<string[]> {
    return repo.conversationIdsOf(this.deps.db, userId);
  }

  contactsAmong(userId: string, userIds: string[]): Promise<string[]> {
    return repo.contactsAmong(this.deps.db, userId, userIds);
  }

  async unread(user: Actor): Promise<UnreadSummary> {
    return toUnreadSummary(await repo.unreadByConversation(this.deps.db, user.id));
  }

  private async nameOf(userId: string): Promise<string> {
    const person = await repo.person(this.deps.db, userId);
    if (!person) throw notFound('Utilisateur');
    return `${person.firstName} ${person.lastName}`;
  }

  /** Posts a system message in a dossier's conversation, creating it if needed. */
  async postDossierSystemMessage(
    dossierId: string,
    companyId: string,
    expertId: string | null,
    body: string,
  ) {
    const conversationId = await this.ensureDossierConversation(dossierId, companyId, expertId, null);
    return this.deps.announce(conversationId, body);
  }
}
