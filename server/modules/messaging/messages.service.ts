import { uuidv7 } from '../../../common/ids.ts';
import { MESSAGE_EDIT_WINDOW_MS, type Message, type Person } from '../../../common/messaging.ts';
import type { Role } from '../../../common/roles.ts';
import { createGroupCommit } from '../../db/group-commit.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { takePage } from '../../platform/cursor.ts';
import { isDatabaseUnavailable } from '../../platform/db-errors.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { type AttachmentRow, attachmentsRepo } from './attachments.repo.ts';
import { conversationsRepo } from './conversations.repo.ts';
import { type MessageRow, type MessageToSend, messagesRepo as repo } from './messages.repo.ts';
import { toAttachment, toEdit, toMessage, toUnreadSummary } from './messaging.presenter.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';
import type { Participation } from './participation.ts';

const messageDeleted = () => new AppError(410, 'MESSAGE_DELETED', 'Ce message a été supprimé');

/** Keeps in the message's history the text it had before `editor` edited or deleted it. */
const keepPreviousBody = (
  trx: Executor,
  message: { id: string; body: string },
  editor: Actor,
  action: 'edit' | 'delete',
  at: Date,
) =>
  repo.insertEdit(trx, {
    id: uuidv7(at.getTime()),
    messageId: message.id,
    editorId: editor.id,
    action,
    previousBody: message.body,
    createdAt: at,
  });

const EXCERPT_LENGTH = 140;

/** The start of a message's text on one line, cut at a word within `EXCERPT_LENGTH` characters. */
function excerptOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

export type MessagesDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  realtime: MessagingRealtime;
  participation: Participation;
};

/** The messages of a conversation: sent, posted by the platform, edited, deleted, read. */
export class MessagesService extends Service<MessagesDeps> {
  /** Text sends arriving together commit together (see createGroupCommit): what a busy server's sends wait on. */
  private readonly sendTogether = createGroupCommit(
    (rows: MessageToSend[]) => repo.sendMany(this.deps.db, rows),
    { itemMayBeAtFault: (error) => !isDatabaseUnavailable(error) },
  );

  async history(
    user: Actor,
    conversationId: string,
    query: { before?: number; afterSeq?: number; limit: number },
  ) {
    // The participation check rides along with the read; only an empty answer needs telling apart.
    const read = () =>
      query.afterSeq !== undefined
        ? repo.historyAfter(this.deps.db, conversationId, user.id, query.afterSeq, query.limit)
        : repo.historyBefore(this.deps.db, conversationId, user.id, query.before, query.limit);
    let rows = await read();
    if (rows.length === 0) {
      await this.deps.participation.require(user, conversationId);
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
    const attachments = await attachmentsRepo.shownWith(this.deps.db, rows);
    return rows.map((r) => toMessage(r, attachments));
  }

  /**
   * Who spoke last in a dossier's conversation (people only: system messages aside): whose turn it is to answer
   * (the SLA clock's pauses). Null when nobody did, or the dossier has no conversation.
   */
  async lastWordInDossier(dossierId: string): Promise<{ senderId: string; role: Role; at: Date } | null> {
    const row = await repo.lastWordInDossier(this.deps.db, dossierId);
    if (!row?.senderId || !row.senderRole || !row.createdAt) return null;
    return { senderId: row.senderId, role: row.senderRole, at: row.createdAt };
  }

  /** The sender as messages show them. */
  async personOf(userId: string): Promise<Person> {
    const row = await conversationsRepo.person(this.deps.db, userId);
    if (!row) throw notFound('Utilisateur');
    return row;
  }

  /**
   * Persists a message, then broadcasts it. The sequence number comes from the conversation row, locked until
   * commit; a second send with the same idempotency key returns the first message and broadcasts nothing. A text
   * without attachments may commit with others sent at the same time; its acknowledgement follows its commit.
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
    const at = this.deps.clock.now();
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
        ? await this.sendTogether(row)
        : await this.deps.db.transaction().execute(async (trx) => {
            const saved = await repo.send(trx, row);
            if (!saved || saved.duplicate) return saved;
            const bound = await attachmentsRepo.bindAttachments(
              trx,
              attachmentIds,
              saved.id,
              conversationId,
              sender.id,
            );
            if (bound !== attachmentIds.length) {
              throw unprocessable('ATTACHMENT_UNAVAILABLE', 'Pièce jointe introuvable ou déjà envoyée', {
                attachmentIds,
              });
            }
            attachments = await attachmentsRepo.attachmentsOf(trx, [saved.id]);
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
    this.broadcastNew(message, saved.dossierId, options.exceptSocket);
    return result;
  }

  private broadcastNew(message: Message, dossierId: string | null, exceptSocket?: string): void {
    this.deps.realtime.messageNew(message, exceptSocket);
    this.deps.events.publish('message.created', {
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      senderId: message.sender?.id ?? null,
      senderRole: message.sender?.role ?? null,
      dossierId,
      at: new Date(message.createdAt),
    });
  }

  /** A message from the platform itself ("Document validé"), for any module to post in a conversation. */
  async postSystemMessage(conversationId: string, body: string): Promise<Message> {
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    const saved = await repo.send(this.deps.db, {
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
    const { seq, dossierId } = saved;
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
    this.broadcastNew(message, dossierId);
    return message;
  }

  /** The author corrects a message within 15 minutes; the previous text is kept in its history. */
  async edit(user: Actor, messageId: string, body: string): Promise<Message> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const message = await repo.lockMessage(trx, messageId);
      if (!message || !(await conversationsRepo.findParticipant(trx, message.conversationId, user.id))) {
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
      await keepPreviousBody(trx, message, user, 'edit', at);
      await repo.updateMessage(trx, messageId, { body, editedAt: at });
    });
    const updated = await this.messageById(messageId);
    this.deps.realtime.messageUpdated(updated);
    return updated;
  }

  /** Soft delete by the author (or an admin taking part): the text leaves the thread and search, kept in history. */
  async remove(user: Actor, messageId: string): Promise<Message> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const message = await repo.lockMessage(trx, messageId);
      if (!message || !(await conversationsRepo.findParticipant(trx, message.conversationId, user.id))) {
        throw notFound('Message');
      }
      if (message.kind === 'system' || (message.senderId !== user.id && user.role !== 'admin')) {
        throw forbidden('Seul l’auteur peut supprimer ce message');
      }
      if (message.deletedAt) return;
      await keepPreviousBody(trx, message, user, 'delete', at);
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
    this.deps.realtime.messageDeleted(deleted);
    return deleted;
  }

  async editHistory(user: Actor, messageId: string) {
    const message = await repo.findMessage(this.deps.db, messageId);
    if (!message) throw notFound('Message');
    await this.deps.participation.require(user, message.conversationId).catch(() => {
      throw notFound('Message');
    });
    // What was deleted stays deleted for readers, earlier versions included; only participants see edits.
    if (message.deletedAt) throw messageDeleted();
    const rows = (await repo.editsOf(this.deps.db, messageId)).filter((r) => r.action === 'edit');
    return rows.map(toEdit);
  }

  private async messageById(id: string): Promise<Message> {
    const row = await repo.findMessage(this.deps.db, id);
    if (!row) throw notFound('Message');
    return (await this.withAttachments([row]))[0]!;
  }

  /**
   * What telling the other participants about messages needs: each one's sender name, an excerpt of its text, and
   * those who have not read it yet (with their role); in two queries whatever their number. Messages gone since (deleted) or posted by
   * the platform itself are left out.
   */
  async notices(messageIds: readonly string[]) {
    const messages = (await repo.findMessages(this.deps.db, messageIds)).filter(
      (m) => !m.deletedAt && m.senderId,
    );
    const participants = await conversationsRepo.participantsOf(this.deps.db, [
      ...new Set(messages.map((m) => m.conversationId)),
    ]);
    return messages.map((message) => ({
      messageId: message.id,
      conversationId: message.conversationId,
      senderName: `${message.senderFirstName} ${message.senderLastName}`,
      excerpt: excerptOf(message.body),
      recipients: participants
        .filter(
          (p) =>
            p.conversationId === message.conversationId &&
            p.userId !== message.senderId &&
            p.lastReadSeq < message.seq,
        )
        .map((p) => ({ id: p.userId, role: p.role })),
    }));
  }

  /** Moves the reader's pointer forward, tells the others (receipt) and the reader's other tabs (counts). */
  async markRead(user: Actor, conversationId: string, seq: number) {
    const at = this.deps.clock.now();
    const before = await this.deps.participation.require(user, conversationId);
    const row = await repo.markRead(this.deps.db, conversationId, user.id, seq, at);
    if (!row) throw notFound('Conversation');
    const summary = toUnreadSummary(await conversationsRepo.unreadByConversation(this.deps.db, user.id));
    const unread = summary.conversations.find((c) => c.conversationId === conversationId)?.unread ?? 0;
    if (row.lastReadSeq > before.lastReadSeq) {
      this.deps.realtime.read({
        conversationId,
        userId: user.id,
        seq: row.lastReadSeq,
        readAt: at.toISOString(),
      });
      this.deps.events.publish('conversation.read', { conversationId, userId: user.id, at });
    }
    this.deps.realtime.unread(user.id, { conversationId, unread, unreadTotal: summary.total });
    return { conversationId, lastReadSeq: row.lastReadSeq, unread, unreadTotal: summary.total };
  }
}
