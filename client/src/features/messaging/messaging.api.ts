import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Attachment,
  Conversation,
  conversationList,
  Message,
  searchResults,
} from '../../../../common/messaging.ts';
import { ApiError, api, getAccessToken } from '../../lib/api.ts';
import { conversationKeys, messageKeys } from './messaging.keys.ts';

export function useConversations() {
  return useQuery({
    queryKey: conversationKeys.list(),
    queryFn: ({ signal }) =>
      api<z.infer<typeof conversationList>>('/api/conversations', { query: { limit: 100 }, signal }),
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: conversationKeys.one(id),
    queryFn: ({ signal }) => api<Conversation>(`/api/conversations/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useDossierConversation(dossierId: string) {
  return useQuery({
    queryKey: conversationKeys.ofDossier(dossierId),
    queryFn: ({ signal }) => api<Conversation>(`/api/dossiers/${dossierId}/conversation`, { signal }),
  });
}

export function useMessageSearch(q: string) {
  return useQuery({
    queryKey: messageKeys.search(q),
    queryFn: ({ signal }) =>
      api<z.infer<typeof searchResults>>('/api/messages/search', { query: { q }, signal }),
    enabled: q.length >= 2,
  });
}

/** An admin joins a conversation they can read but are not part of. */
export function useJoinConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/api/conversations/${conversationId}/join`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: conversationKeys.all }),
  });
}

export type MessagePage = { items: Message[]; nextCursor: string | null; hasMore: boolean };

/** One page of a conversation's history: the newest, the ones `before` a cursor, or the ones after `afterSeq`. */
export function fetchMessages(
  conversationId: string,
  query: { limit: number; before?: string; afterSeq?: number },
): Promise<MessagePage> {
  return api<MessagePage>(`/api/conversations/${conversationId}/messages`, { query });
}

/** The newest page of a conversation's history. */
export function useNewestMessages(conversationId: string) {
  return useQuery({
    queryKey: messageKeys.newest(conversationId),
    queryFn: () => fetchMessages(conversationId, { limit: 50 }),
  });
}

/** Sends a message over HTTP (when the socket is down); the client key makes a retry idempotent. */
export async function sendMessage(
  conversationId: string,
  input: { clientKey: string; body: string; attachmentIds: string[] },
): Promise<Message> {
  const sent = await api<{ message: Message }>(`/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    body: input,
  });
  return sent.message;
}

/** Marks the conversation read up to `seq` over HTTP (when the socket is down). */
export function postReadReceipt(conversationId: string, seq: number): Promise<unknown> {
  return api(`/api/conversations/${conversationId}/read`, { method: 'POST', body: { seq } });
}

export function editMessage(messageId: string, body: string): Promise<Message> {
  return api<Message>(`/api/messages/${messageId}`, { method: 'PATCH', body: { body } });
}

export function deleteMessage(messageId: string): Promise<Message> {
  return api<Message>(`/api/messages/${messageId}`, { method: 'DELETE' });
}

/** Uploads one file with progress (fetch cannot report upload progress, XMLHttpRequest can). */
export function uploadAttachment(
  conversationId: string,
  file: File,
  onProgress: (fraction: number) => void,
): { done: Promise<Attachment>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Attachment>((resolve, reject) => {
    xhr.open('POST', `/api/conversations/${conversationId}/attachments`);
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status === 201) return resolve(xhr.response as Attachment);
      const error = (xhr.response as { error?: { code: string; message: string } } | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? 'INTERNAL_ERROR', error?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'upload failed'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'upload aborted'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Fetches an attachment with the bearer token, as an object URL an <img> or a download link can use. */
export async function attachmentObjectUrl(id: string, inline: boolean): Promise<string> {
  const token = getAccessToken();
  const res = await fetch(`/api/attachments/${id}${inline ? '?inline=1' : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, 'NOT_FOUND', res.statusText);
  return URL.createObjectURL(await res.blob());
}
