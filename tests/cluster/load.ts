/**
 * The cluster suite's mixed load, through the load balancer, as the product's own clients behave: messages between
 * clients and their experts, one socket each (each lands on whichever instance the balancer picks), marketplace
 * searches, notification and dossier reads, and dossiers walked through their first statuses. A socket told that
 * its instance is draining connects again at once, as the web client does. Acknowledged writes go in ledgers; a
 * message left unacknowledged is sent again with its idempotency key at the end, as a client's outbox does.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { DossierStatus } from '../../common/dossier-lifecycle.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket-events.ts';
import { type Answer, api, json, Tally } from '../faults/http.ts';
import { bodyOf, type Cast, type Ledger, newLedger, type Person } from '../faults/load.ts';
import { sleep } from '../support/waiting.ts';
import type { Talker } from './cast.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The statuses a dossier walks through here; cancelling frees its product for the company's next one. */
export const walk: DossierStatus[] = [
  'draft',
  'pre_eligibility_pending',
  'pre_eligibility_review',
  'cancelled',
];

type Sender = {
  socket: AppSocket;
  person: Person;
  conversations: string[];
  mine: Set<string>;
  /** Sent and not answered yet. */
  unanswered: number;
};

/** A person's messages awaiting their acknowledgement at most: a chat client shows them as "sending…". */
const MAX_UNANSWERED = 4;
export type Second = { ok: number; messages: number; failed: number };
export type Failure = { at: number; status: number; servedBy?: string; what: string; body: string };

export class ClusterLoad {
  readonly tally = new Tally();
  readonly messages: Ledger = newLedger();
  /** Dossier → its owner's token and the last status a transition to was acknowledged. */
  readonly dossiers = new Map<string, { token: string; acked: DossierStatus }>();
  readonly seconds = new Map<number, Second>();
  readonly failures: Failure[] = [];
  /** From a socket's loss to its next connection, in ms. */
  readonly reconnectsMs: number[] = [];
  /** Messages sent, and those the rate asked for that nobody could send (everyone awaiting answers, or cut off). */
  offered = 0;
  notSent = 0;
  /** Sendings the server refused, by error code: not stored, so neither acknowledged nor owed. */
  readonly ackErrors = new Map<string, number>();
  /** From a message's sending to its acknowledgement, in ms. */
  readonly acksMs: number[] = [];
  /** Message keys heard live on a socket other than the sender's. */
  readonly heardLive = new Set<string>();
  private running = true;
  private readonly workers: Promise<void>[] = [];
  private readonly sending = new Set<Promise<void>>();
  private readonly senders: Sender[] = [];
  private readonly startedAt = Date.now();

  private readonly url: string;
  private readonly cast: Cast;
  private readonly options: { messagesPerSecond: number; talkers: Talker[] };
  constructor(url: string, cast: Cast, options: { messagesPerSecond: number; talkers: Talker[] }) {
    this.url = url;
    this.cast = cast;
    this.options = options;
  }

  start(): void {
    const { cast } = this;
    const senders = this.options.talkers.map((t) => this.openSocket(t.person, t.conversations));
    this.senders.push(...senders);
    // Open loop, as people typing do: the messages of each 20 ms leave whether earlier ones were answered or not,
    // from people connected with fewer than MAX_UNANSWERED awaiting an answer; when nobody can, they are counted
    // as not sent (the fleet is not keeping up).
    const perTick = this.options.messagesPerSecond / 50;
    let owed = 0;
    this.loop(20, async () => {
      owed += perTick;
      for (; owed >= 1; owed--) {
        const able = senders.filter((s) => s.socket.connected && s.unanswered < MAX_UNANSWERED);
        if (able.length === 0) {
          this.notSent += Math.floor(owed);
          owed = 0;
          break;
        }
        this.offered++;
        const sending = this.send(pick(able));
        this.sending.add(sending);
        void sending.finally(() => this.sending.delete(sending));
      }
    });
    const reads: [string, () => string, () => string | undefined][] = [
      [
        'GET /api/experts',
        () => `/api/experts?limit=12&sort=${pick(['rating', 'relevance'])}`,
        () => undefined,
      ],
      [
        'GET /api/experts?q',
        () => `/api/experts?limit=12&q=${pick(['ticpe', 'urssaf', 'lyon', 'énergie'])}`,
        () => undefined,
      ],
      [
        'GET /api/notifications',
        () => '/api/notifications?limit=20',
        () => pick([cast.client, cast.expert]).token,
      ],
      ['GET /api/dossiers', () => '/api/dossiers?limit=20', () => pick(cast.clients).token],
      ['GET /api/me', () => '/api/me', () => pick([cast.client, cast.expert, cast.admin]).token],
    ];
    for (let i = 0; i < 3; i++) {
      this.loop(100, async () => {
        const [what, path, token] = pick(reads);
        this.record(await api(this.url, 'GET', path(), { token: token() }), what);
      });
    }
    // Three walkers, each with its own clients: a transition or a creation every 300 ms each.
    for (let w = 0; w < 3; w++) {
      const mine = cast.clients.filter((_, i) => i % 3 === w);
      const pairs = mine.flatMap((person) => cast.products.map((product) => ({ person, product })));
      this.loop(300, () => this.walkStep(pairs));
    }
  }

  private openSocket(person: Person, conversations: string[]): Sender {
    const socket: AppSocket = io(this.url, {
      auth: { token: person.token },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
    });
    let lostAt: number | null = null;
    socket.on('disconnect', () => {
      if (this.running) lostAt ??= Date.now();
    });
    socket.on('connect', () => {
      if (lostAt !== null) this.reconnectsMs.push(Date.now() - lostAt);
      lostAt = null;
    });
    // As the web client does (client/src/lib/realtime.tsx).
    socket.on('server:draining', () => {
      lostAt ??= Date.now();
      socket.disconnect();
      socket.connect();
    });
    socket.on('connect_error', (error) => {
      const code = (error as Error & { data?: { code?: string } }).data?.code;
      if (code === 'SERVER_DRAINING') setTimeout(() => socket.connect(), 200 + Math.random() * 300);
    });
    const mine = new Set<string>();
    socket.on('message:new', (message) => {
      const key = /^fault (\S+)$/.exec(message.body)?.[1];
      if (key && !mine.has(key)) this.heardLive.add(key);
    });
    return { socket, person, conversations, mine, unanswered: 0 };
  }

  /** A new message from `sender` in one of their conversations. */
  private async send(sender: Sender): Promise<void> {
    const key = randomUUID();
    sender.mine.add(key);
    sender.unanswered++;
    try {
      await this.deliver(sender, key, pick(sender.conversations), 5000);
    } finally {
      sender.unanswered--;
    }
  }

  /** Sends a message with its key: acknowledged, refused, or pending (no answer) to be sent again. */
  private async deliver(
    { socket, person }: Sender,
    key: string,
    conversationId: string,
    timeoutMs: number,
  ): Promise<void> {
    const pending = { conversationId, token: person.token, via: 'socket' as const };
    const sentAt = performance.now();
    try {
      const ack = await socket.timeout(timeoutMs).emitWithAck('message:send', {
        conversationId,
        clientKey: key,
        body: bodyOf(key),
        attachmentIds: [],
      });
      if ('error' in ack) {
        // Refused, hence not stored (backpressure: RATE_LIMITED when a socket sends faster than it is served).
        this.ackErrors.set(ack.error.code, (this.ackErrors.get(ack.error.code) ?? 0) + 1);
        return;
      }
      this.acksMs.push(performance.now() - sentAt);
      this.messages.pending.delete(key);
      this.messages.acked.set(key, { conversationId, token: person.token });
      this.messages.socketAcks++;
      this.bucket().messages++;
    } catch {
      // No acknowledgement (the instance went away): sent again later with the same key.
      this.messages.pending.set(key, pending);
    }
  }

  /** One step of a dossier walk: the next transition of a dossier under way, or a new dossier. */
  private async walkStep(pairs: { person: Person; product: string }[]): Promise<void> {
    const under = [...this.dossiers.entries()].find(
      ([, d]) => d.acked !== 'cancelled' && pairs.some((p) => p.person.token === d.token),
    );
    if (under) {
      const [id, dossier] = under;
      const to = walk[walk.indexOf(dossier.acked) + 1]!;
      const body = to === 'cancelled' ? { to, reason: 'Essai de charge terminé' } : { to };
      const answer = await api(this.url, 'POST', `/api/dossiers/${id}/transitions`, {
        token: dossier.token,
        body,
      });
      this.record(answer, 'POST transition');
      if (answer.status === 200) dossier.acked = to;
      else if (answer.status === 0 || answer.status >= 409) {
        // Unknown outcome (or already done by an attempt whose answer was lost): the dossier says where it is.
        const read = await api(this.url, 'GET', `/api/dossiers/${id}`, { token: dossier.token });
        if (read.status === 200) dossier.acked = json<{ status: DossierStatus }>(read).status;
      }
      return;
    }
    const pair = pairs.shift();
    if (!pair) return;
    const answer = await api(this.url, 'POST', '/api/dossiers', {
      token: pair.person.token,
      body: { productCode: pair.product },
    });
    this.record(answer, 'POST /api/dossiers');
    if (answer.status === 201) {
      this.dossiers.set(json<{ id: string }>(answer).id, { token: pair.person.token, acked: 'draft' });
    }
    // A pair whose creation got no clear answer may hold a dossier nobody tracks: it is not used again.
    if (answer.status === 201 || answer.status === 409) pairs.push(pair);
  }

  private loop(gapMs: number, work: () => Promise<void>): void {
    this.workers.push(
      (async () => {
        await sleep(Math.random() * gapMs);
        while (this.running) {
          const started = Date.now();
          await work();
          await sleep(Math.max(0, gapMs - (Date.now() - started)));
        }
      })(),
    );
  }

  private bucket(): Second {
    const second = Math.floor((Date.now() - this.startedAt) / 1000);
    let bucket = this.seconds.get(second);
    if (!bucket) {
      bucket = { ok: 0, messages: 0, failed: 0 };
      this.seconds.set(second, bucket);
    }
    return bucket;
  }

  private record(answer: Answer, what: string): void {
    this.tally.add(answer, what);
    const bucket = this.bucket();
    if (answer.status >= 200 && answer.status < 400) bucket.ok++;
    if (answer.status === 0 || answer.status >= 500) {
      bucket.failed++;
      this.failures.push({
        at: Date.now(),
        status: answer.status,
        servedBy: answer.servedBy,
        what,
        body: answer.body.slice(0, 200),
      });
    }
  }

  /** Seconds since the load started, for a moment given in epoch ms. */
  secondOf(at: number): number {
    return Math.floor((at - this.startedAt) / 1000);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    await Promise.all(this.sending);
  }

  /**
   * Sends every unacknowledged message again with its key, as each client's outbox does once its socket is back:
   * one at a time per person, everyone at once, until acknowledged; then closes the sockets.
   */
  async drain(deadlineMs = 180_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    const { pending } = this.messages;
    while (pending.size && Date.now() < deadline) {
      const byPerson = new Map<string, [string, string][]>();
      for (const [key, { token, conversationId }] of pending) {
        byPerson.set(token, [...(byPerson.get(token) ?? []), [key, conversationId]]);
      }
      await Promise.all(
        [...byPerson].map(async ([token, messages]) => {
          const sender = this.senders.find((s) => s.person.token === token);
          if (!sender) return;
          for (const [key, conversationId] of messages) {
            if (sender.socket.connected) await this.deliver(sender, key, conversationId, 15_000);
          }
        }),
      );
      if (pending.size) await sleep(500);
    }
    for (const { socket } of this.senders) socket.disconnect();
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
