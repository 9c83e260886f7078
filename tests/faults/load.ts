/**
 * Steady load of signed-in users, as the product's own clients behave: clients create and read dossiers, an expert
 * sends messages over REST, clients send messages over Socket.IO (with typing events), anonymous visitors search
 * the marketplace. Every write that was acknowledged (2xx, or a successful socket ack) goes in a ledger; a write that
 * failed cleanly (503, 429) or got no answer is retried later with the same idempotency key, as a real client does.
 * `verify` then checks the ledger against what the server holds.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket-events.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../server/db/seed/demo.ts';
import { sleep } from '../support/waiting.ts';
import { api, json, type Tally } from './http.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Person = { id: string; token: string; email: string };
export type Cast = {
  admin: Person;
  client: Person;
  expert: Person;
  /** Other demo clients, who open dossiers. */
  clients: Person[];
  clientConversations: string[];
  expertConversations: string[];
  products: string[];
};

export async function login(baseUrl: string, email: string, password: string): Promise<Person> {
  const answer = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${answer.body}`);
  const { user, accessToken } = json<{ user: { id: string }; accessToken: string }>(answer);
  return { id: user.id, token: accessToken, email };
}

async function ids(baseUrl: string, path: string, token?: string): Promise<string[]> {
  const answer = await api(baseUrl, 'GET', path, { token });
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
  return json<{ items: { id: string; code?: string }[] }>(answer).items.map((i) => i.code ?? i.id);
}

/** Signs in the demo accounts and `clientCount` other demo clients, and picks their conversations. */
export async function signInCast(baseUrl: string, clientCount: number): Promise<Cast> {
  const admin = await login(baseUrl, demoAccounts.admin.email, demoAccounts.admin.password);
  const client = await login(baseUrl, demoAccounts.client.email, demoAccounts.client.password);
  const expert = await login(baseUrl, demoAccounts.expert.email, demoAccounts.expert.password);
  const listed = await api(
    baseUrl,
    'GET',
    `/api/admin/users?role=client&status=active&limit=${clientCount + 1}`,
    {
      token: admin.token,
    },
  );
  const emails = json<{ items: { email: string }[] }>(listed)
    .items.map((u) => u.email)
    .filter((e) => e !== client.email)
    .slice(0, clientCount);
  const clients: Person[] = [];
  for (const email of emails) clients.push(await login(baseUrl, email, DEMO_PASSWORD));
  return {
    admin,
    client,
    expert,
    clients,
    clientConversations: (await ids(baseUrl, '/api/conversations?limit=4', client.token)).slice(0, 4),
    expertConversations: (await ids(baseUrl, '/api/conversations?limit=4', expert.token)).slice(0, 4),
    products: await ids(baseUrl, '/api/products'),
  };
}

/** Status a socket acknowledgement's error code stands for, to count sockets and REST alike. */
const statusOfCode: Record<string, number> = {
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  RATE_LIMITED: 429,
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

export type Ledger = {
  /** clientKey → conversation, for every message whose sending was acknowledged. */
  acked: Map<string, { conversationId: string; token: string }>;
  /** Messages not acknowledged yet: sent again with the same key. */
  pending: Map<string, { conversationId: string; token: string; via: 'rest' | 'socket' }>;
  /** Dossiers whose creation answered 201, with their owner's token. */
  dossiers: { id: string; token: string }[];
  /** Acknowledgements received over the socket (the rest came over REST). */
  socketAcks: number;
};

export const newLedger = (): Ledger => ({
  acked: new Map(),
  pending: new Map(),
  dossiers: [],
  socketAcks: 0,
});

export const bodyOf = (key: string) => `fault ${key}`;

export type LoadOptions = { baseUrl: string; cast: Cast; ledger: Ledger; tally: Tally; sockets?: number };

/** Starts the load; `stop()` ends new work, `drain()` then sends the pending messages until acknowledged. */
export function startLoad(options: LoadOptions) {
  const { cast, ledger, tally } = options;
  let running = true;
  let baseUrl = options.baseUrl;
  const record = (answer: Parameters<Tally['add']>[0], what: string) => tally.add(answer, what);
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const pairs = cast.clients.flatMap((c) => cast.products.map((p) => ({ person: c, product: p })));
  pairs.sort(() => Math.random() - 0.5);

  const restSend = async (key: string, conversationId: string, token: string) => {
    const answer = await api(baseUrl, 'POST', `/api/conversations/${conversationId}/messages`, {
      token,
      body: { clientKey: key, body: bodyOf(key) },
    });
    record(answer, 'POST message');
    if (answer.status === 200 || answer.status === 201) {
      ledger.pending.delete(key);
      ledger.acked.set(key, { conversationId, token });
    } else {
      ledger.pending.set(key, { conversationId, token, via: 'rest' });
    }
  };

  const workers: Promise<void>[] = [];
  const loop = (gapMs: number, work: () => Promise<void>) =>
    workers.push(
      (async () => {
        while (running) {
          const started = Date.now();
          await work();
          await sleep(Math.max(0, gapMs - (Date.now() - started)));
        }
      })(),
    );

  // The expert answers over REST, 4 messages a second (under the route's per-address limit).
  loop(250, () => restSend(randomUUID(), pick(cast.expertConversations), cast.expert.token));
  // Clients open dossiers, 3 a second.
  loop(333, async () => {
    const pair = pairs.pop();
    if (!pair) return;
    const answer = await api(baseUrl, 'POST', '/api/dossiers', {
      token: pair.person.token,
      body: { productCode: pair.product },
    });
    record(answer, 'POST /api/dossiers');
    if (answer.status === 201)
      ledger.dossiers.push({ id: json<{ id: string }>(answer).id, token: pair.person.token });
    else if (answer.status === 0 || answer.status === 429 || answer.status >= 500) pairs.unshift(pair);
  });
  // Readers: about 20 requests a second.
  const reads: [string, () => string, () => string | undefined][] = [
    ['GET /api/dossiers', () => '/api/dossiers?limit=20', () => pick(cast.clients).token],
    [
      'GET /api/experts',
      () => `/api/experts?limit=12&sort=${pick(['rating', 'relevance'])}`,
      () => undefined,
    ],
    [
      'GET messages',
      () => `/api/conversations/${pick(cast.clientConversations)}/messages?limit=30`,
      () => cast.client.token,
    ],
    ['GET /api/me', () => '/api/me', () => pick([cast.client, cast.expert, cast.admin]).token],
    ['GET /api/conversations', () => '/api/conversations?limit=10', () => cast.expert.token],
  ];
  for (let i = 0; i < 2; i++) {
    loop(100, async () => {
      const [what, path, token] = pick(reads);
      record(await api(baseUrl, 'GET', path(), { token: token() }), what);
    });
  }

  // Clients' sockets: 5 messages a second each, with the typing events a composer sends.
  const sockets: AppSocket[] = [];
  for (let i = 0; i < (options.sockets ?? 2); i++) {
    const socket: AppSocket = io(baseUrl, {
      auth: { token: cast.client.token },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
    });
    sockets.push(socket);
    const emitSend = async (key: string, conversationId: string) => {
      socket.emit('typing', { conversationId, isTyping: true });
      try {
        const ack = await socket.timeout(10_000).emitWithAck('message:send', {
          conversationId,
          clientKey: key,
          body: bodyOf(key),
          attachmentIds: [],
        });
        if ('error' in ack) {
          const status = statusOfCode[ack.error.code] ?? 409;
          record({ status, body: JSON.stringify(ack) }, 'socket message:send');
          ledger.pending.set(key, { conversationId, token: cast.client.token, via: 'socket' });
        } else {
          record({ status: 200, body: '' }, 'socket message:send');
          ledger.pending.delete(key);
          ledger.acked.set(key, { conversationId, token: cast.client.token });
          ledger.socketAcks++;
        }
      } catch {
        // No acknowledgement: the server may or may not have stored it; sent again later with the same key.
        record(
          { status: 0, failure: socket.connected ? 'timeout' : 'network', body: '' },
          'socket message:send',
        );
        ledger.pending.set(key, { conversationId, token: cast.client.token, via: 'socket' });
      }
    };
    loop(200, async () => {
      if (!socket.connected) return;
      await emitSend(randomUUID(), pick(cast.clientConversations));
    });
  }

  return {
    /** Points the load at another address (the same server restarted elsewhere). */
    retarget(url: string) {
      baseUrl = url;
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
    /** Sends every pending message again (REST, as a client's outbox does after a reconnect) until acknowledged. */
    async drain(deadlineMs = 30_000) {
      const deadline = Date.now() + deadlineMs;
      while (ledger.pending.size && Date.now() < deadline) {
        for (const [key, { conversationId, token }] of [...ledger.pending]) {
          await restSend(key, conversationId, token);
        }
        if (ledger.pending.size) await sleep(500);
      }
      for (const socket of sockets) socket.disconnect();
    },
  };
}

export type Verification = { lost: number; duplicated: number; lostDossiers: number; checked: number };

/** Reads every conversation's whole history: each acknowledged message once, none twice; every dossier there. */
export async function verify(baseUrl: string, ledger: Ledger): Promise<Verification> {
  const seen = new Map<string, number>();
  const conversations = new Map<string, string>();
  for (const { conversationId, token } of ledger.acked.values()) conversations.set(conversationId, token);
  for (const [conversationId, token] of conversations) {
    let afterSeq = 0;
    for (;;) {
      const answer = await api(
        baseUrl,
        'GET',
        `/api/conversations/${conversationId}/messages?afterSeq=${afterSeq}&limit=200`,
        { token, timeoutMs: 30_000 },
      );
      if (answer.status !== 200)
        throw new Error(`history of ${conversationId}: ${answer.status} ${answer.body}`);
      const page = json<{ items: { seq: number; body: string }[]; hasMore: boolean }>(answer);
      for (const m of page.items) {
        const key = /^fault (\S+)$/.exec(m.body)?.[1];
        if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
        afterSeq = Math.max(afterSeq, m.seq);
      }
      if (!page.hasMore || page.items.length === 0) break;
    }
  }
  let lost = 0;
  for (const key of ledger.acked.keys()) if (!seen.has(key)) lost++;
  let duplicated = 0;
  for (const count of seen.values()) if (count > 1) duplicated += count - 1;
  let lostDossiers = 0;
  for (const { id, token } of ledger.dossiers) {
    const answer = await api(baseUrl, 'GET', `/api/dossiers/${id}`, { token, timeoutMs: 30_000 });
    if (answer.status !== 200) lostDossiers++;
  }
  return { lost, duplicated, lostDossiers, checked: ledger.acked.size + ledger.dossiers.length };
}
