import { z } from 'zod';
import { ATTACHMENTS_PER_MESSAGE, MESSAGE_MAX_CHARS } from './messaging-limits.ts';
import { roles } from './roles.ts';
import { controlCharactersMessage, hasControlCharacters, searchText } from './text.ts';

/** The API contract of messaging, shared by the server (validation, serialisation) and the web client. */

export {
  ATTACHMENTS_PER_MESSAGE,
  MESSAGE_EDIT_WINDOW_MS,
  MESSAGE_MAX_CHARS,
  SNIPPET_START,
  SNIPPET_STOP,
  TYPING_THROTTLE_MS,
  TYPING_TTL_MS,
} from './messaging-limits.ts';

/** Why messaging refuses a request. */
export const messagingErrorCodes = [
  'CONVERSATION_WITH_SELF',
  'CONVERSATION_PARTNER_UNAVAILABLE',
  'MESSAGE_DELETED',
  'MESSAGE_EDIT_WINDOW_CLOSED',
  'ATTACHMENT_UNAVAILABLE',
  'ATTACHMENT_QUOTA_EXCEEDED',
] as const;

/** Types an attachment may have, detected from its content (never from its name or the browser's claim). */
export const attachmentMimeTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
] as const;

export const conversationKinds = ['dossier', 'direct'] as const;
export type ConversationKind = (typeof conversationKinds)[number];

const messageBody = z
  .string()
  .max(MESSAGE_MAX_CHARS, `Un message contient au plus ${MESSAGE_MAX_CHARS} caractères`)
  // Control characters other than tab and line breaks have no place in a message.
  .refine((s) => !hasControlCharacters(s), controlCharactersMessage);

export const clientKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'Clé d’idempotence invalide');

export const sendMessageInput = z
  .object({
    /**
     * Chosen by the sender, one per message; a retry with the same key returns the first message. A UUID v7, as the
     * web client makes them: time-ordered keys are written next to the sender's last ones in the index that
     * deduplicates them, instead of each on a random page of it (README, issue 11).
     */
    clientKey,
    body: messageBody,
    attachmentIds: z.array(z.string().uuid()).max(ATTACHMENTS_PER_MESSAGE).default([]),
  })
  .refine((m) => m.body.trim().length > 0 || m.attachmentIds.length > 0, {
    message: 'Le message est vide',
    path: ['body'],
  });
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const editMessageInput = z.object({
  body: messageBody.refine((s) => s.trim().length > 0, 'Le message est vide'),
});

export const readInput = z.object({ seq: z.number().int().min(0) });

export const createConversationInput = z.object({
  /** The other person of a direct conversation. */
  userId: z.string().uuid(),
});

export const historyQuery = z.object({
  /** Messages with a lower sequence (scrolling up), newest first. */
  before: z.coerce.number().int().min(1).optional(),
  /** Messages with a higher sequence (reconnect sync), oldest first. */
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const searchQuery = z.object({
  q: searchText({ min: 2, max: 200 }),
  conversationId: z.string().uuid().optional(),
  senderId: z.string().uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  hasAttachment: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).optional(),
});

export const attachment = z.object({
  id: z.string().uuid(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachment>;

export const person = z.object({
  id: z.string().uuid(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(roles),
});
export type Person = z.infer<typeof person>;

export const message = z.object({
  id: z.string().uuid(),
  conversationId: z.string().uuid(),
  seq: z.number().int(),
  kind: z.enum(['text', 'system']),
  /** Plain text (Markdown-light): the client renders it as text, never as HTML. Empty when deleted. */
  body: z.string(),
  /** Null for system messages. */
  sender: person.nullable(),
  attachments: z.array(attachment),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof message>;

export const messageEdit = z.object({
  id: z.string().uuid(),
  action: z.enum(['edit', 'delete']),
  previousBody: z.string(),
  editor: person.nullable(),
  createdAt: z.string(),
});

export const participant = person.extend({
  lastReadSeq: z.number().int(),
  joinedAt: z.string(),
});

export const conversation = z.object({
  id: z.string().uuid(),
  kind: z.enum(conversationKinds),
  dossier: z.object({ id: z.string().uuid(), reference: z.string(), productCode: z.string() }).nullable(),
  /** Current participants (people who left are not listed). */
  participants: z.array(participant),
  /** Whether the reader takes part (an admin sees a dossier conversation before joining it). */
  isParticipant: z.boolean(),
  lastSeq: z.number().int(),
  lastMessage: message.nullable(),
  lastMessageAt: z.string().nullable(),
  unreadCount: z.number().int(),
  createdAt: z.string(),
});
export type Conversation = z.infer<typeof conversation>;

export const conversationList = z.object({
  items: z.array(conversation),
  nextCursor: z.string().nullable(),
  unreadTotal: z.number().int(),
});

export const unreadSummary = z.object({
  total: z.number().int(),
  conversations: z.array(z.object({ conversationId: z.string().uuid(), unread: z.number().int() })),
});
export type UnreadSummary = z.infer<typeof unreadSummary>;

export const messagePage = z.object({
  items: z.array(message),
  /** For `before`: pass as `before` to load older messages; null at the start of the conversation. */
  nextCursor: z.string().nullable(),
  /** For `afterSeq`: true when more messages follow (ask again with the last seq). */
  hasMore: z.boolean(),
});

export const searchHit = z.object({
  message,
  /** Extract with the matches wrapped in `[[` and `]]` (text, not HTML: the client highlights them itself). */
  snippet: z.string(),
  conversation: z.object({ id: z.string().uuid(), kind: z.enum(conversationKinds) }),
});
export const searchResults = z.object({ items: z.array(searchHit), nextCursor: z.string().nullable() });

export const readResult = z.object({
  conversationId: z.string().uuid(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
  unreadTotal: z.number().int(),
});

/** Real-time payloads of messaging (the events themselves are listed in `socket-events.ts`). */
export type SendAck = { id: string; seq: number; createdAt: string; duplicate: boolean };
export type ReadResult = z.infer<typeof readResult>;
export type PresenceState = { userId: string; online: boolean; lastSeenAt: string | null };
export type ReadReceipt = { conversationId: string; userId: string; seq: number; readAt: string };
export type UnreadCounts = { conversationId: string; unread: number; unreadTotal: number };
export type TypingState = { conversationId: string; userId: string; isTyping: boolean; expiresInMs: number };
