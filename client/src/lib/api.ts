import type { ErrorBody } from '../../../common/errors.ts';
import { SESSION_HINT_COOKIE } from '../../../common/session.ts';
import type { AuthResult } from '../../../common/users.ts';

/** An API answer outside 2xx, carrying the stable error code the UI translates. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Record<string, string | number | boolean | string[] | null | undefined>;
type RequestOptions = { method?: string; body?: unknown; query?: Query; signal?: AbortSignal };

/** How requests reach the API: the browser's fetch, or the server itself when it renders a page (prerender.tsx). */
let transport: typeof fetch = (input, init) => fetch(input, init);

export function setApiTransport(send: typeof fetch) {
  transport = send;
}

let accessToken: string | null = null;
let renewalInFlight: Promise<Renewal> | null = null;
let onSessionLost: () => void = () => {};

export function setAccessToken(token: string | null) {
  accessToken = token;
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** Whether the browser holds a session that may be restored (see SESSION_HINT_COOKIE); false outside a browser. */
export function hasSessionHint(cookies = typeof document === 'undefined' ? '' : document.cookie): boolean {
  return cookies.split(';').some((cookie) => cookie.trim().startsWith(`${SESSION_HINT_COOKIE}=`));
}

/** Called when a request is refused and the refresh cookie cannot renew the session. */
export function setSessionLostHandler(handler: () => void) {
  onSessionLost = handler;
}

/**
 * The outcome of a renewal: the session, or null when the server refused it (the session ended); `unreachable`
 * when the server could not say (offline, or failing): the session may well be alive, and is asked for again later.
 */
export type Renewal = { session: AuthResult | null; unreachable: boolean };

/**
 * Renews the access token from the refresh cookie. Rotation is single-use and the cookie is shared by every tab of
 * the browser, so renewals take turns: one at a time within a tab (concurrent callers share it) and across tabs
 * (a Web Lock); a tab that waited for the lock while another one renewed takes that tab's session (sent on a
 * BroadcastChannel) instead of rotating the cookie again.
 */
export function renewSession(): Promise<Renewal> {
  renewalInFlight ??= (async () => {
    const asked = ++renewalsAsked;
    try {
      const session = await oneTabAtATime(async () => {
        if (shared && shared.asked >= asked) return shared.session;
        const renewed = await postRefresh();
        if (renewed) tabs?.postMessage({ type: 'renewed', session: renewed } satisfies TabMessage);
        return renewed;
      });
      return { session, unreachable: false };
    } catch {
      return { session: null, unreachable: true };
    } finally {
      renewalInFlight = null;
    }
  })();
  return renewalInFlight;
}

/** The renewed session, or null when it could not be renewed (refused or unreachable). */
export async function refreshSession(): Promise<AuthResult | null> {
  return (await renewSession()).session;
}

/** Refusals of a renewal: anything else (a server failing, a limit reached) says nothing of the session. */
const refusals = new Set([400, 401, 403]);

async function postRefresh(): Promise<AuthResult | null> {
  const res = await transport('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
  if (!res.ok) {
    if (!refusals.has(res.status)) throw new Error(`renewal unanswered: ${res.status}`);
    accessToken = null;
    return null;
  }
  const session = (await res.json()) as AuthResult;
  accessToken = session.accessToken;
  return session;
}

type TabMessage = { type: 'renewed'; session: AuthResult };

/** Renewals asked in this tab so far; a session another tab renewed after the Nth ask answers that ask. */
let renewalsAsked = 0;
let shared: { session: AuthResult; asked: number } | null = null;

const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('ft-session');
// In Node (the server rendering pages), an open channel would keep the process from exiting.
(tabs as { unref?: () => void } | null)?.unref?.();
tabs?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
  if (event.data?.type !== 'renewed') return;
  accessToken = event.data.session.accessToken;
  shared = { session: event.data.session, asked: renewalsAsked };
});

/** How long a tab keeps the lock after renewing, so that the tabs waiting for it get its session first. */
const HANDOVER_MS = 100;

function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  return new Promise<T>((resolve, reject) => {
    locks
      .request('ft-refresh', async () => {
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
          return;
        }
        await new Promise((r) => setTimeout(r, HANDOVER_MS));
      })
      .catch(reject);
  });
}

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  return transport(`${path}${toQueryString(options.query)}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as ErrorBody;
    return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    return new ApiError(res.status, res.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN', res.statusText);
  }
}

/** JSON call to the API: a 401 triggers one silent refresh and a retry; a lost session notifies the app. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    // A page shown before its session is renewed (rendered by the server for the signed-in visitor) asks once it is.
    if (!accessToken && hasSessionHint() && !path.startsWith('/api/auth/')) await refreshSession();
    res = await send(path, options);
    if (res.status === 401 && !path.startsWith('/api/auth/')) {
      const renewed = await refreshSession();
      if (!renewed) {
        onSessionLost();
        throw await toApiError(res);
      }
      res = await send(path, options);
    }
  } catch (error) {
    if (error instanceof ApiError || (error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', (error as Error).message);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
