import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ServerToClientEvents } from '../../../common/socket-events.ts';
import type { Session } from '../../../tests/support/factories.ts';
import { type ClientSocket, connectSocket } from '../../../tests/support/socket-client.ts';
import { forwardTo, startTestApp, type TestApp, type TestResponse } from '../../../tests/support/test-app.ts';
import { sleep } from '../../../tests/support/waiting.ts';
import type { Config } from '../../config.ts';
import { type ProposedDossier, proposedDossier } from '../dossiers/dossiers.factories.ts';

export type { ClientSocket };

/** A real Socket.IO client, connected (or rejected with the server's `connect_error`). */
export const connect = (baseUrl: string, token: string | undefined) => connectSocket(baseUrl, token);

/** The next `event` on `socket` that satisfies `accept`, or a failure after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 4000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Every `event` received by `socket` from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => received.push(payload)) as never);
  return received;
}

/** Resolves with the reason once the socket is disconnected. */
export const disconnection = (socket: ClientSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

/**
 * Logs `session` out through `app`, then checks that `told` hears why, that the server disconnects every socket of
 * `ending`, and that `staying` (another session's) is still connected a moment later.
 */
export async function expectLogoutEnds(
  app: TestApp,
  session: Session,
  sockets: { told: ClientSocket; ending: ClientSocket[]; staying: ClientSocket },
) {
  const ended = Promise.all(sockets.ending.map(disconnection));
  const revoked = nextEvent(sockets.told, 'auth:revoked');
  const out = await app.request('POST', '/api/auth/logout', { cookie: session.cookie });
  expect(out.status).toBe(204);
  expect(await revoked).toEqual({ reason: 'logout' });
  expect(await ended).toEqual(sockets.ending.map(() => 'io server disconnect'));
  await sleep(200);
  expect(sockets.staying.connected).toBe(true);
}

export type SendAckResult = { id: string; seq: number; createdAt: string; duplicate: boolean };

export function emitSend(
  socket: ClientSocket,
  conversationId: string,
  body: string,
  clientKey: string = randomUUID(),
): Promise<SendAckResult & { error?: { code: string; message: string } }> {
  return socket
    .timeout(5000)
    .emitWithAck('message:send', { conversationId, body, clientKey, attachmentIds: [] }) as never;
}

export type Cast = ProposedDossier & { conversationId: string };

/** A client with a dossier its expert took on, the dossier's conversation, and people from outside it. */
export async function dossierWithExpert(t: TestApp): Promise<Cast> {
  const cast = await proposedDossier(t);
  const res = await t.request('GET', `/api/dossiers/${cast.dossierId}/conversation`, {
    token: cast.client.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...cast, conversationId: res.body.id };
}

/** A 1×1 PNG image. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The app of a test file, started before its tests with blobs in a temporary directory, and what its tests use on
 * it: sockets (all closed after the file) and uploads through the real multipart route.
 */
export function messagingTestApp(overrides: Partial<Config> = {}) {
  let t: TestApp | undefined;
  let dataDir = '';
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-messaging-'));
    t = await startTestApp({ dataDir, ...overrides });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const app = (): TestApp => {
    if (!t) throw new Error('the test app starts in beforeAll');
    return t;
  };
  const open = async (token: string): Promise<ClientSocket> => {
    const socket = await connect(app().baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  /** One socket per token, connected at once, in the order of the tokens. */
  const openAll = <Tokens extends string[]>(...tokens: Tokens) =>
    Promise.all(tokens.map(open)) as Promise<{ [K in keyof Tokens]: ClientSocket }>;
  return {
    app,
    /** The started app, usable from the file's top level: it forwards to the app started in beforeAll. */
    t: forwardTo(() => t),
    open,
    openAll,
    /** A new cast of `dossierWithExpert` on this app. */
    cast: () => dossierWithExpert(app()),
    /** A new cast of `dossierWithExpert`, with a socket open for its client and one for its expert. */
    async conversation() {
      const c = await dossierWithExpert(app());
      const [client, expert] = await openAll(c.client.token, c.expert.token);
      return { c, client, expert };
    },
    async upload(
      token: string,
      conversationId: string,
      bytes: Buffer,
      filename: string,
      type = 'application/octet-stream',
    ) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
      const res = await fetch(`${app().baseUrl}/api/conversations/${conversationId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: res.status, body: await res.json() } as Omit<TestResponse, 'headers'>;
    },
  };
}
