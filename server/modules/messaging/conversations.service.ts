import type { Conversation, Message, UnreadSummary } from '../../../common/messaging.ts';
import type { Db } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import type { Clock } from '../../platform/clock.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { attachmentsRepo } from './attachments.repo.ts';
import { type ConversationView, conversationsRepo as repo } from './conversations.repo.ts';
import { messagesRepo } from './messages.repo.ts';
import { toConversation, toMessage, toUnreadSummary } from './messaging.presenter.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';
import type { Participation } from './participation.ts';

/** Conversations: a dossier's (one per dossier, its people follow it) and direct ones (one per pair). */
export class ConversationsService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly dossiers: DossiersService;
  private readonly realtime: MessagingRealtime;
  private readonly participation: Participation;
  private readonly announce: (conversationId: string, body: string) => Promise<Message>;

  constructor(deps: {
    db: Db;
    clock: Clock;
    dossiers: DossiersService;
    realtime: MessagingRealtime;
    participation: Participation;
    /** Posts a system message in a conversation (the messages service's). */
    announce: (conversationId: string, body: string) => Promise<Message>;
  }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.dossiers = deps.dossiers;
    this.realtime = deps.realtime;
    this.participation = deps.participation;
    this.announce = deps.announce;
  }

  async list(user: Actor, query: { limit: number; cursor?: string }) {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const after = key && { activityAt: key[0], id: key[1] };
    const [rows, unread] = await Promise.all([
      repo.listForUser(this.db, user.id, { limit: query.limit, after }),
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
    const row = await repo.conversationFor(this.db, conversationId, user.id);
    if (!row) throw notFound('Conversation');
    const isParticipant = row.lastReadSeq !== null;
    if (!isParticipant) {
      // An admin may look at a dossier conversation (to decide to join it), not read it.
      const mayJoin = user.role === 'admin' && row.kind === 'dossier';
      const autoJoined = !mayJoin && (await this.participation.joinIfEntitled(user, row));
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
      repo.participantsOf(this.db, ids),
      withLastMessage ? messagesRepo.lastMessages(this.db, ids) : Promise.resolve([]),
    ]);
    const attachments = await attachmentsRepo.attachmentsOf(
      this.db,
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
    const dossier = await this.dossiers.find(user, dossierId);
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
    const existing = await repo.findByDossier(this.db, dossierId);
    if (existing) return existing.id;
    const at = this.clock.now();
    const id = uuidv7(at.getTime());
    const created = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertConversation(trx, {
        id,
        kind: 'dossier',
        dossierId,
        directKey: null,
        createdBy,
        createdAt: at,
      });
      if (!inserted) return null;
      const clients = await repo.activeClientsOf(trx, companyId);
      const people: { userId: string; role: Actor['role'] }[] = clients.map((userId) => ({
        userId,
        role: 'client',
      }));
      if (expertId) people.push({ userId: expertId, role: 'expert' });
      await repo.addParticipants(trx, id, people, at);
      await recordAudit(trx, {
        actorId: createdBy,
        action: 'conversation.created',
        entityType: 'conversation',
        entityId: id,
        after: { kind: 'dossier', dossierId, participants: people.map((p) => p.userId) },
        at,
      });
      return people.map((p) => p.userId);
    });
    if (!created) {
      // Someone else created it at the same moment.
      const winner = await repo.findByDossier(this.db, dossierId);
      if (!winner) throw notFound('Conversation');
      return winner.id;
    }
    this.realtime.enter(created, id);
    this.realtime.conversationNew(created, id);
    return id;
  }

  /** Admin: takes part in a dossier conversation from now on; recorded in the audit log and in the thread. */
  async join(admin: Actor, conversationId: string): Promise<Conversation> {
    if (admin.role !== 'admin') throw forbidden();
    const conversation = await repo.findConversation(this.db, conversationId);
    if (!conversation) throw notFound('Conversation');
    if (conversation.kind !== 'dossier')
      throw forbidden('Seules les conversations de dossier peuvent être rejointes');
    const at = this.clock.now();
    const added = await this.db.transaction().execute(async (trx) => {
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
      this.realtime.enter([admin.id], conversationId);
      await this.announce(
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
    const other = await repo.interlocutor(this.db, otherId);
    if (other?.status !== 'active') {
      throw unprocessable(
        'CONVERSATION_PARTNER_UNAVAILABLE',
        'Cet utilisateur n’existe pas ou n’est pas actif',
      );
    }
    // An existing conversation answers whoever of the two asks.
    const directKey = [user.id, otherId].sort().join(':');
    const existing = await repo.findByDirectKey(this.db, directKey);
    if (existing) return { conversation: await this.get(user, existing.id), created: false };
    const allowed =
      user.role === 'admin' || other.role === 'admin' || (user.role === 'client' && other.role === 'expert');
    if (!allowed) {
      throw forbidden(
        'Une conversation directe relie un client et un expert, ou un administrateur et un utilisateur',
      );
    }
    const at = this.clock.now();
    const id = uuidv7(at.getTime());
    const inserted = await this.db.transaction().execute(async (trx) => {
      const row = await repo.insertConversation(trx, {
        id,
        kind: 'direct',
        dossierId: null,
        directKey,
        createdBy: user.id,
        createdAt: at,
      });
      if (!row) return false;
      await repo.addParticipants(
        trx,
        id,
        [
          { userId: user.id, role: user.role },
          { userId: other.id, role: other.role },
        ],
        at,
      );
      await recordAudit(trx, {
        actorId: user.id,
        action: 'conversation.created',
        entityType: 'conversation',
        entityId: id,
        after: { kind: 'direct', participants: [user.id, other.id] },
        at,
      });
      return true;
    });
    const conversationId = inserted ? id : (await repo.findByDirectKey(this.db, directKey))!.id;
    if (inserted) {
      this.realtime.enter([user.id, other.id], id);
      this.realtime.conversationNew([user.id, other.id], id);
    }
    return { conversation: await this.get(user, conversationId), created: inserted };
  }

  conversationIdsOf(userId: string): Promise<string[]> {
    return repo.conversationIdsOf(this.db, userId);
  }

  contactsAmong(userId: string, userIds: string[]): Promise<string[]> {
    return repo.contactsAmong(this.db, userId, userIds);
  }

  async unread(user: Actor): Promise<UnreadSummary> {
    return toUnreadSummary(await repo.unreadByConversation(this.db, user.id));
  }

  private async nameOf(userId: string): Promise<string> {
    const person = await repo.person(this.db, userId);
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
    return this.announce(conversationId, body);
  }
}
