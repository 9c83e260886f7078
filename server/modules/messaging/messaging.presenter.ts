import type { Attachment, Conversation, Message, SendAck, UnreadSummary } from '../../../common/messaging.ts';
import type { AttachmentRow } from './attachments.repo.ts';
import type { ConversationView, ParticipantView } from './conversations.repo.ts';
import type { EditRow, MessageRow } from './messages.repo.ts';

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A message with the attachments among `attachments` that it carries (none once deleted). */
export function toMessage(row: MessageRow, attachments: AttachmentRow[]): Message {
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

export function toConversation(
  row: ConversationView,
  participants: ParticipantView[],
  lastMessage: Message | null,
): Conversation {
  return {
    id: row.id,
    kind: row.kind,
    dossier:
      row.dossierId && row.dossierReference
        ? { id: row.dossierId, reference: row.dossierReference, productCode: row.dossierProductCode ?? '' }
        : null,
    participants: participants
      .filter((p) => p.conversationId === row.id)
      .map((p) => ({
        id: p.userId,
        firstName: p.firstName,
        lastName: p.lastName,
        role: p.role,
        lastReadSeq: p.lastReadSeq,
        joinedAt: p.joinedAt.toISOString(),
      })),
    isParticipant: row.lastReadSeq !== null,
    lastSeq: row.lastSeq,
    lastMessage,
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    unreadCount: Number(row.unread),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Unread counts per conversation (those at zero left out) and their total. */
export function toUnreadSummary(rows: { conversationId: string; unread: number }[]): UnreadSummary {
  const conversations = rows
    .map((r) => ({ conversationId: r.conversationId, unread: Number(r.unread) }))
    .filter((r) => r.unread > 0);
  return { total: conversations.reduce((s, r) => s + r.unread, 0), conversations };
}

/** The earlier versions of a message, with who changed it. */
export function toEdit(row: EditRow) {
  return {
    id: row.id,
    action: row.action,
    previousBody: row.previousBody,
    editor: row.editorId
      ? { id: row.editorId, firstName: row.firstName!, lastName: row.lastName!, role: row.role! }
      : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The sender's acknowledgement of a send. */
export function toSendAck(result: { message: Message; duplicate: boolean }): SendAck {
  return {
    id: result.message.id,
    seq: result.message.seq,
    createdAt: result.message.createdAt,
    duplicate: result.duplicate,
  };
}
