/** Query keys of messaging's cached data; `all` covers every conversation list, conversation and unread count. */
export const conversationKeys = {
  all: ['conversations'] as const,
  list: () => ['conversations', 'list'] as const,
  one: (id: string | undefined) => ['conversations', 'one', id] as const,
  ofDossier: (dossierId: string) => ['conversations', 'dossier', dossierId] as const,
  unread: () => ['conversations', 'unread'] as const,
};

/** Query keys of messages: search results, and the newest page of a conversation. */
export const messageKeys = {
  search: (q: string) => ['messages', 'search', q] as const,
  newest: (conversationId: string) => ['messages', 'newest', conversationId] as const,
};
