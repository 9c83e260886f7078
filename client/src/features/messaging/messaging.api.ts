import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Attachment,
  Conversation,
  conversationList,
  searchResults,
} from '../../../../common/messaging.ts';
import { ApiError, api, getAccessToken } from '../../lib/api.ts';

export function useConversations() {
  return useQuery({
    queryKey: ['conversations', 'list'],
    queryFn: ({ signal }) =>
      api<z.infer<typeof conversationList>>('/api/conversations', { query: { limit: 100 }, signal }),
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: ['conversations', 'one', id],
    queryFn: ({ signal }) => api<Conversation>(`/api/conversations/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useDossierConversation(dossierId: string) {
  return useQuery({
    queryKey: ['conversations', 'dossier', dossierId],
    queryFn: ({ signal }) => api<Conversation>(`/api/dossiers/${dossierId}/conversation`, { signal }),
  });
}

export function useMessageSearch(q: string) {
  return useQuery({
    queryKey: ['messages', 'search', q],
    queryFn: ({ signal }) =>
      api<z.infer<typeof searchResults>>('/api/messages/search', { query: { q }, signal }),
    enabled: q.length >= 2,
  });
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
