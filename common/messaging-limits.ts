/** Messaging's limits and markers, apart from the API's schemas (no zod) for the web client; `common/messaging.ts` re-exports them. */

export const MESSAGE_MAX_CHARS = 10_000;
/** A message can be edited by its author for this long after it was sent. */
export const MESSAGE_EDIT_WINDOW_MS = 15 * 60 * 1000;
/** A typing indicator disappears by itself after this long without a new `typing` event. */
export const TYPING_TTL_MS = 5_000;
/** The server relays at most one `typing: true` per user and conversation in this interval. */
export const TYPING_THROTTLE_MS = 1_000;
export const ATTACHMENTS_PER_MESSAGE = 10;
/** Around the words a search matched, in a hit's snippet. */
export const SNIPPET_START = '[[';
export const SNIPPET_STOP = ']]';
