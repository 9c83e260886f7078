import { ApiError, getAccessToken, refreshSession } from './api.ts';

/**
 * Downloads a file the API serves to the signed-in user. The API wants the session's bearer token, which a plain
 * link cannot carry: the file is fetched (an expired token renewed once), then handed to the browser as a download
 * under the name the server gives (`fallbackName` without one).
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const get = () => {
    const token = getAccessToken();
    return fetch(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    });
  };
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'INTERNAL_ERROR',
      body?.error?.message ?? res.statusText,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
