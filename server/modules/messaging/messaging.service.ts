import type { Readable } from 'node:stream';
import {
  type Attachment,
  type Conversation,
  hasControlCharacters,
  MESSAGE_EDIT_WINDOW_MS,
  type Message,
  type Person,
  type SendAck,
  type UnreadSummary,
} from '../../../common/messaging.ts';
import type { Db } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import type { Clock } from '../../platform/clock.ts';
import { cursorKeys, decodeCursor, pageOf, takePage } from '../../platform/cursor.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';
import type { BlobStorage } from '../../platform/storage.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { AttachmentQuota } from './attachment-quota.ts';
import { detectAttachmentType } from './attachment-type.ts';
import { DossierMembership } from './membership.ts';
import { type AttachmentRow, type MessageRow, messagingRepo as repo } from './messaging.repo.ts';

type Role = 'client' | 'expert' | 'admin';
export type Actor = { id: string; role: Role; companyId: string | null };

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
  };
}

function toMessage(row: MessageRow, attachments: AttachmentRow[]): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    kind: row.kind,
    body: row.deletedAt ? '' : row.body,
    sender: row.senderId
      ? {
          id: row.senderId,
          firstName: row.senderFirstName!,
          lastName: row.senderLastName!,
          role: row.senderRole!,
        }
      : null,
    attachments: row.deletedAt ? [] : attachments.filter((a) => a.messageId === row.id).map(toAttachment),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;
const messageDeleted = () => new AppError(410, 'MESSAGE_DELETED', 'Ce message a été supprimé');

export class MessagingService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly events: EventBus;
  private readonly dossiers: DossiersService;
  private readonly storage: BlobStorage;
  private readonly realtime: RealtimeHub;
  private readonly attachmentMaxBytes: number;
  private readonly quota: AttachmentQuota;
  readonly membership: DossierMembership;

  constructor(deps: {
    db: Db;
    clock: Clock;
    events: EventBus;
    dossiers: DossiersService;
    storage: BlobStorage;
    realtime: RealtimeHub;
    attachmentMaxBytes: number;
    /** Attachments a user may keep stored, in bytes. */
    attachmentQuotaBytes: number;
  }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.events = deps.events;
    this.dossiers = deps.dossiers;
    this.storage = deps.storage;
    this.realtime = deps.realtime;
    this.attachmentMaxBytes = deps.attachmentMaxBytes;
    this.quota = new AttachmentQuota({ db: deps.db, quotaBytes: deps.attachmentQuotaBytes });
    this.membership = new DossierMembership({
      db: this.db,
      clock: this.clock,
      realtime: this.realtime,
      ensureConversation: (dossierId, companyId, expertId) =>
        this.ensureDossierConversation(dossierId, companyId, expertId, null),
      announce: (conversationId, body) => this.postSystemMessage(conversationId, body),
    });
    // The dossier conversation follows its expert: created on assignment, the new expert in, the previous one out.
    this.events.subscribe('dossier.status_changed', async (e) => {
      if (e.expertId !== e.previousExpertId) await this.membership.reconcile(e.dossierId);
    });
    this.events.subscribe('dossier.expert_assigned', async (e) => {
      await this.membership.reconcile(e.dossierId);
    });
  }

  // ---------------------------------------------------------------- conversations

  async list(user: Actor, query: { limit: number; cursor?: string }) {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const after = key && { activityAt: key[0], id: key[1] };
    const [rows, unread] = await Promise.all([
      repo.listForUser(this.db, user.id, { limit: query.limit, after }),
      this.unread(user),
    ]);
    const page = pageOf(rows, query.limit, (last) => [new Date(last.activityAt).toISOString(), last.id]);
    return {
      items: await this.toConversations(page.items, true),
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
      const autoJoined = !mayJoin && (await this.joinIfEntitled(user, row));
      if (!mayJoin && !autoJoined) throw notFound('Conversation');
      if (autoJoined) return this.get(user, conversationId);
    }
    const [conversation] = await this.toConversations([row], isParticipant);
    return conversation!;
  }

  private async toConversations(
    rows: {
      id: string;
      kind: 'dossier' | 'direct';
      dossierId: string | null;
      dossierReference: string | null;
      dossierProductCode: string | null;
      lastSeq: number;
      lastMessageAt: Date | null;
      createdAt: Date;
      lastReadSeq: number | null;
      unread: number;
    }[],
    withLastMessage: boolean,
  ): Promise<Conversation[]> {
    const ids = rows.map((r) => r.id);
    const [participants, lastRows] = await Promise.all([
      repo.participantsOf(this.db, ids),
      withLastMessage ? repo.lastMessages(this.db, ids) : Promise.resolve([]),
    ]);
    const attachments = await repo.attachmentsOf(
      this.db,
      lastRows.filter((m) => m.hasAttachments).map((m) => m.id),
    );
    const lastByConversation = new Map(lastRows.map((m) => [m.conversationId, toMessage(m, attachments)]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      dossier:
        r.dossierId && r.dossierReference
          ? { id: r.dossierId, reference: r.dossierReference, productCode: r.dossierProductCode ?? '' }
          : null,
      participants: participants
        .filter((p) => p.conversationId === r.id)
        .map((p) => ({
          id: p.userId,
          firstName: p.firstName,
          lastName: p.lastName,
          role: p.role,
          lastReadSeq: p.lastReadSeq,
          joinedAt: p.joinedAt.toISOString(),
        })),
      isParticipant: r.lastReadSeq !== null,
      lastSeq: r.lastSeq,
      lastMessage: lastByConversation.get(r.id) ?? null,
      lastMessageAt: r.lastMessageAt?.toISOString() ?? null,
      unreadCount: Number(r.unread),
      createdAt: r.createdAt.toISOString(),
    }));
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

  private async ensureDossierConversation(
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
      const clients = await trx
        .selectFrom('users')
        .select('id')
        .where('companyId', '=', companyId)
        .where('role', '=', 'client')
        .where('status', '=', 'active')
        .execute();
      const people: { userId: string; role: Role }[] = clients.map((c) => ({ userId: c.id, role: 'client' }));
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
    this.realtime.joinUsers(created, rooms.conversation(id));
    for (const userId of created) this.realtime.io.to(rooms.user(userId)).emit('conversation:new', { id });
    return id;
  }

  /** A client of the dossier's company who joined the company after the conversation started takes part too. */
  private async joinIfEntitled(
    user: Actor,
    conversation: { id: string; kind: string; dossierId: string | null },
  ): Promise<boolean> {
    if (conversation.kind !== 'dossier' || !conversation.dossierId || user.role !== 'client') return false;
    const dossier = await this.dossiers
      .get({ ...user, status: 'active' }, conversation.dossierId)
      .catch(() => null);
    if (!dossier) return false;
    await repo.addParticipants(
      this.db,
      conversation.id,
      [{ userId: user.id, role: 'client' }],
      this.clock.now(),
    );
    this.realtime.joinUsers([user.id], rooms.conversation(conversation.id));
    return true;
  }

  private async nameOf(userId: string): Promise<string> {
    const person = await this.personOf(userId);
    return fullName(person);
  }

  async personOf(userId: string): Promise<Person> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'firstName', 'lastName', 'role'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) throw notFound('Utilisateur');
    return row;
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
      this.realtime.joinUsers([admin.id], rooms.conversation(conversationId));
      await this.postSystemMessage(
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
    if (otherId === user.id) throw unprocessable('Choisissez un autre interlocuteur');
    const other = await this.db
      .selectFrom('users')
      .select(['id', 'role', 'status'])
      .where('id', '=', otherId)
      .executeTakeFirst();
    if (other?.status !== 'active') throw unprocessable('Cet utilisateur n’existe pas ou n’est pas actif');
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
      this.realtime.joinUsers([user.id, other.id], rooms.conversation(id));
      this.realtime.io.to([rooms.user(user.id), rooms.user(other.id)]).emit('conversation:new', { id });
    }
    return { conversation: await this.get(user, conversationId), created: inserted };
  }

  /** Current participant, or a 404 that does not tell whether the conversation exists. */
  private async requireParticipant(user: Actor, conversationId: string) {
    const participant = await repo.findParticipant(this.db, conversationId, user.id);
    if (participant) return participant;
    const conversation = await repo.findConversation(this.db, conversationId);
    if (conversation && (await this.joinIfEntitled(user, conversation))) {
      return (await repo.findParticipant(this.db, conversationId, user.id))!;
    }
    throw notFound('Conversation');
  }

  /** Whether the user currently takes part (for socket room subscriptions). */
  async isParticipant(user: Actor, conversationId: string): Promise<boolean> {
    return this.requireParticipant(user, conversationId).then(
      () => true,
      () => false,
    );
  }

  conversationIdsOf(userId: string): Promise<string[]> {
    return repo.conversationIdsOf(this.db, userId);
  }

  contactsAmong(userId: string, userIds: string[]): Promise<string[]> {
    return repo.contactsAmong(this.db, userId, userIds);
  }

  async unread(user: Actor): Promise<UnreadSummary> {
    const rows = await repo.unreadByConversation(this.db, user.id);
    const conversations = rows
      .map((r) => ({ conversationId: r.conversationId, unread: Number(r.unread) }))
      .filter((r) => r.unread > 0);
    return { total: conversations.reduce((s, r) => s + r.unread, 0), conversations };
  }

  // ---------------------------------------------------------------- messages

  async history(
    user: Actor,
    conversationId: string,
    query: { before?: number; afterSeq?: number; limit: number },
  ) {
    // The participation check rides along with the read; only an empty answer needs telling apart.
    const read = () =>
      query.afterSeq !== undefined
        ? repo.historyAfter(this.db, conversationId, user.id, query.afterSeq, query.limit)
        : repo.historyBefore(this.db, conversationId, user.id, query.before, query.limit);
    let rows = await read();
    if (rows.length === 0) {
      await this.requireParticipant(user, conversationId);
      rows = await read();
    }
    const { items, more } = takePage(rows, query.limit);
    if (query.afterSeq !== undefined) {
      return { items: await this.withAttachments(items), nextCursor: null, hasMore: more };
    }
    const oldest = items.at(-1);
    return {
      // Oldest first, as a thread reads; the next page is `before` the oldest seq served.
      items: (await this.withAttachments(items)).reverse(),
      nextCursor: more && oldest ? String(oldest.seq) : null,
      hasMore: more,
    };
  }

  private async withAttachments(rows: MessageRow[]): Promise<Message[]> {
    const attachments = await repo.attachmentsOf(
      this.db,
      rows.filter((r) => r.hasAttachments && !r.deletedAt).map((r) => r.id),
    );
    return rows.map((r) => toMessage(r, attachments));
  }

  /**
   * Persists a message, then broadcasts it. The sequence number comes from the conversation row, locked until
   * commit; a second send with the same idempotency key returns the first message and broadcasts nothing.
   */
  async send(
    sender: Person & { companyId?: string | null },
    conversationId: string,
    input: { clientKey: string; body: string; attachmentIds: string[] },
    options: {
      /** The sending socket, which has its acknowledgement and needs no copy. */
      exceptSocket?: string;
      /** Called once the message is stored, before it is broadcast: the sender's acknowledgement goes first. */
      onStored?: (result: { message: Message; duplicate: boolean }) => void;
    } = {},
  ): Promise<{ message: Message; duplicate: boolean }> {
    const at = this.clock.now();
    const attachmentIds = [...new Set(input.attachmentIds)];
    const row = {
      id: uuidv7(at.getTime()),
      conversationId,
      senderId: sender.id,
      kind: 'text' as const,
      body: input.body,
      clientKey: input.clientKey,
      hasAttachments: attachmentIds.length > 0,
      at,
    };
    let attachments: AttachmentRow[] = [];
    const saved =
      attachmentIds.length === 0
        ? await repo.send(this.db, row)
        : await this.db.transaction().execute(async (trx) => {
            const saved = await repo.send(trx, row);
            if (!saved || saved.duplicate) return saved;
            const bound = await repo.bindAttachments(trx, attachmentIds, saved.id, conversationId, sender.id);
            if (bound !== attachmentIds.length) {
              throw unprocessable('Pièce jointe introuvable ou déjà envoyée', { attachmentIds });
            }
            attachments = await repo.attachmentsOf(trx, [saved.id]);
            return saved;
          });
    if (!saved) throw notFound('Conversation');
    if (saved.duplicate) {
      const first = { message: await this.messageById(saved.id), duplicate: true };
      options.onStored?.(first);
      return first;
    }
    const { id, seq } = saved;
    const message: Message = {
      id,
      conversationId,
      seq,
      kind: 'text',
      body: input.body,
      sender: { id: sender.id, firstName: sender.firstName, lastName: sender.lastName, role: sender.role },
      attachments: attachments.map(toAttachment),
      editedAt: null,
      deletedAt: null,
      createdAt: at.toISOString(),
    };
    const result = { message, duplicate: false };
    options.onStored?.(result);
    this.broadcastNew(message, options.exceptSocket);
    return result;
  }

  static ack(result: { message: Message; duplicate: boolean }): SendAck {
    return {
      id: result.message.id,
      seq: result.message.seq,
      createdAt: result.message.createdAt,
      duplicate: result.duplicate,
    };
  }

  private broadcastNew(message: Message, exceptSocket?: string): void {
    const room = this.realtime.io.to(rooms.conversation(message.conversationId));
    (exceptSocket ? room.except(exceptSocket) : room).emit('message:new', message);
    this.events.publish('message.created', {
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      senderId: message.sender?.id ?? null,
      senderRole: message.sender?.role ?? null,
      at: new Date(message.createdAt),
    });
  }

  /** A message from the platform itself ("Document validé"), for any module to post in a conversation. */
  async postSystemMessage(conversationId: string, body: string): Promise<Message> {
    const at = this.clock.now();
    const id = uuidv7(at.getTime());
    const saved = await repo.send(this.db, {
      id,
      conversationId,
      senderId: null,
      kind: 'system',
      body: body.slice(0, 10_000),
      clientKey: null,
      hasAttachments: false,
      at,
    });
    if (!saved) throw notFound('Conversation');
    const { seq } = saved;
    const message: Message = {
      id,
      conversationId,
      seq,
      kind: 'system',
      body,
      sender: null,
      attachments: [],
      editedAt: null,
      deletedAt: null,
      createdAt: at.toISOString(),
    };
    this.broadcastNew(message);
    return message;
  }

  /** Posts a system message in a dossier's conversation, creating it if needed. */
  async postDossierSystemMessage(
    dossierId: string,
    companyId: string,
    expertId: string | null,
    body: string,
  ) {
    const conversationId = await this.ensureDossierConversation(dossierId, companyId, expertId, null);
    return this.postSystemMessage(conversationId, body);
  }

  /** The author corrects a message within 15 minutes; the previous text is kept in its history. */
  async edit(user: Actor, messageId: string, body: string): Promise<Message> {
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const message = await repo.lockMessage(trx, messageId);
      if (!message || !(await repo.findParticipant(trx, message.conversationId, user.id))) {
        throw notFound('Message');
      }
      if (message.senderId !== user.id) throw forbidden('Seul l’auteur peut modifier ce message');
      if (message.deletedAt) throw messageDeleted();
      if (at.getTime() - message.createdAt.getTime() > MESSAGE_EDIT_WINDOW_MS) {
        throw conflict(
          'MESSAGE_EDIT_WINDOW_CLOSED',
          'Un message ne peut plus être modifié 15 minutes après son envoi',
        );
      }
      if (message.body === body) return;
      await repo.insertEdit(trx, {
        id: uuidv7(at.getTime()),
        messageId,
        editorId: user.id,
        action: 'edit',
        previousBody: message.body,
        createdAt: at,
      });
      await repo.updateMessage(trx, messageId, { body, editedAt: at });
    });
    const updated = await this.messageById(messageId);
    this.realtime.io.to(rooms.conversation(updated.conversationId)).emit('message:updated', updated);
    return updated;
  }

  /** Soft delete by the author (or an admin taking part): the text leaves the thread and search, kept in history. */
  async remove(user: Actor, messageId: string): Promise<Message> {
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const message = await repo.lockMessage(trx, messageId);
      if (!message || !(await repo.findParticipant(trx, message.conversationId, user.id))) {
        throw notFound('Message');
      }
      if (message.kind === 'system' || (message.senderId !== user.id && user.role !== 'admin')) {
        throw forbidden('Seul l’auteur peut supprimer ce message');
      }
      if (message.deletedAt) return;
      await repo.insertEdit(trx, {
        id: uuidv7(at.getTime()),
        messageId,
        editorId: user.id,
        action: 'delete',
        previousBody: message.body,
        createdAt: at,
      });
      await repo.updateMessage(trx, messageId, { body: '', deletedAt: at });
      if (message.senderId !== user.id) {
        await recordAudit(trx, {
          actorId: user.id,
          action: 'message.deleted_by_admin',
          entityType: 'message',
          entityId: messageId,
          before: { body: message.body, senderId: message.senderId },
          at,
        });
      }
    });
    const deleted = await this.messageById(messageId);
    this.realtime.io.to(rooms.conversation(deleted.conversationId)).emit('message:deleted', deleted);
    return deleted;
  }

  async editHistory(user: Actor, messageId: string) {
    const message = await repo.findMessage(this.db, messageId);
    if (!message) throw notFound('Message');
    await this.requireParticipant(user, message.conversationId).catch(() => {
      throw notFound('Message');
    });
    // What was deleted stays deleted for readers, earlier versions included; only participants see edits.
    if (message.deletedAt) throw messageDeleted();
    const rows = (await repo.editsOf(this.db, messageId)).filter((r) => r.action === 'edit');
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      previousBody: r.previousBody,
      editor: r.editorId
        ? { id: r.editorId, firstName: r.firstName!, lastName: r.lastName!, role: r.role! }
        : null,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  private async messageById(id: string): Promise<Message> {
    const row = await repo.findMessage(this.db, id);
    if (!row) throw notFound('Message');
    return (await this.withAttachments([row]))[0]!;
  }

  /** Moves the reader's pointer forward, tells the others (receipt) and the reader's other tabs (counts). */
  async markRead(user: Actor, conversationId: string, seq: number) {
    const at = this.clock.now();
    const before = await this.requireParticipant(user, conversationId);
    const row = await repo.markRead(this.db, conversationId, user.id, seq, at);
    if (!row) throw notFound('Conversation');
    const summary = await this.unread(user);
    const unread = summary.conversations.find((c) => c.conversationId === conversationId)?.unread ?? 0;
    if (row.lastReadSeq > before.lastReadSeq) {
      this.realtime.io.to(rooms.conversation(conversationId)).emit('message:read', {
        conversationId,
        userId: user.id,
        seq: row.lastReadSeq,
        readAt: at.toISOString(),
      });
    }
    this.realtime.io
      .to(rooms.user(user.id))
      .emit('unread', { conversationId, unread, unreadTotal: summary.total });
    return { conversationId, lastReadSeq: row.lastReadSeq, unread, unreadTotal: summary.total };
  }

  // ---------------------------------------------------------------- search

  async search(
    user: Actor,
    query: {
      q: string;
      conversationId?: string;
      senderId?: string;
      from?: Date;
      to?: Date;
      hasAttachment?: boolean;
      limit: number;
      cursor?: string;
    },
  ) {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const before = key && { createdAt: key[0], id: key[1] };
    let conversationIds = await repo.conversationIdsOf(this.db, user.id);
    if (query.conversationId) conversationIds = conversationIds.filter((id) => id === query.conversationId);
    if (conversationIds.length === 0) return { items: [], nextCursor: null };
    const rows = await repo.search(this.db, {
      conversationIds,
      query: query.q,
      senderId: query.senderId,
      from: query.from,
      to: query.to,
      hasAttachment: query.hasAttachment,
      before,
      limit: query.limit,
    });
    const page = pageOf(rows, query.limit, (last) => [last.createdAt.toISOString(), last.id]);
    const messages = await this.withAttachments(page.items);
    return {
      items: page.items.map((r, i) => ({
        message: messages[i]!,
        snippet: r.snippet,
        conversation: { id: r.conversationId, kind: r.conversationKind },
      })),
      nextCursor: page.nextCursor,
    };
  }

  // ---------------------------------------------------------------- attachments

  /**
   * Streams an upload to storage, checking size as it goes and type by content; the attachment waits, bound to
   * nothing, until a message carries it.
   */
  async upload(user: Actor, conversationId: string, file: { filename: string; stream: Readable }) {
    await this.requireParticipant(user, conversationId);
    await this.quota.ensureRoom(user.id);
    const filename = sanitizeFilename(file.filename);
    const detected = { mime: '' };
    // Iterated without destroying it on failure: the route still has to read the rest of the request.
    const source = file.stream.iterator({ destroyOnReturn: false });
    const stored = await this.storage.put(detectAttachmentType(source, filename, detected), {
      maxBytes: this.attachmentMaxBytes,
      prefix: 'attachments',
    });
    const at = this.clock.now();
    const row: AttachmentRow = {
      id: uuidv7(at.getTime()),
      conversationId,
      messageId: null,
      uploaderId: user.id,
      storageKey: stored.key,
      filename,
      mimeType: detected.mime,
      sizeBytes: stored.size,
      createdAt: at,
    };
    try {
      await this.quota.insert(row);
    } catch (error) {
      await this.storage.delete(stored.key);
      throw error;
    }
    return toAttachment(row);
  }

  /** Removes uploads that no message carried (abandoned drafts) created before `olderThan`, with their files. */
  async purgeUnsentAttachments(olderThan: Date): Promise<number> {
    const rows = await this.db
      .deleteFrom('attachments')
      .where('messageId', 'is', null)
      .where('createdAt', '<', olderThan)
      .returning('storageKey')
      .execute();
    for (const row of rows) await this.storage.delete(row.storageKey);
    return rows.length;
  }

  /** The file, for participants of its conversation; an upload not yet sent is its uploader's only. */
  async download(user: Actor, attachmentId: string) {
    const row = await repo.findAttachment(this.db, attachmentId);
    if (!row || row.messageDeletedAt) throw notFound('Pièce jointe');
    const participant = await repo.findParticipant(this.db, row.conversationId, user.id);
    if (!participant || (row.messageId === null && row.uploaderId !== user.id))
      throw notFound('Pièce jointe');
    const blob = await this.storage.get(row.storageKey);
    return { attachment: toAttachment(row), ...blob };
  }
}

/** A name safe to show and to put in a Content-Disposition header: no path, no control characters. */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .split('')
    .filter((ch) => ch !== '"' && !hasControlCharacters(ch, false))
    .join('')
    .trim()
    .slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'fichier';
}
