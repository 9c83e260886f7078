/**
 * Messaging benchmark: `npm run bench:messaging` (BENCH_QUICK=1 for a small run in seconds).
 *
 * Generates (or reuses) conversations holding 1,000,000 messages in PostgreSQL — the server of DATABASE_URL
 * (database `ft_bench_messaging_<messages>`), or an embedded one under bench/.data — starts the app in a child
 * process, connects 1,000 Socket.IO clients (two per conversation, 500 conversations) and sends 500 messages/s for
 * 60 s through `message:send`, measuring sender-emit → recipient-receive latency, ack latency, and sent / received /
 * lost / duplicated counts. Then measures history pages and French full-text search over the whole history through
 * the HTTP API (autocannon, 4 requests at a time, 3,000 per scenario — 1,000 for the widest search — after an
 * unmeasured pass of as many other random picks), and a raw `ws` echo round trip at the same rate as the floor. Prints a table, then one JSON line.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import type { ClientToServerEvents, Message, ServerToClientEvents } from '../common/messaging.ts';
import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { createDb, type Db } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import {
  httpLoad,
  openBenchDatabase,
  type Percentiles,
  percentiles,
  round2,
  serveBenchApp,
} from './support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const SCALE: { conversations: number; sockets: number; rate: number; durationS: number; messages: number } =
  QUICK
    ? { conversations: 50, sockets: 100, rate: 200, durationS: 5, messages: 20_000 }
    : { conversations: 500, sockets: 1_000, rate: 500, durationS: 60, messages: 1_000_000 };
// BENCH_RATE and BENCH_DURATION override the load (to find where latency bends, or for a quick look).
if (process.env.BENCH_RATE) SCALE.rate = Number(process.env.BENCH_RATE);
if (process.env.BENCH_DURATION) SCALE.durationS = Number(process.env.BENCH_DURATION);
const PER_CONVERSATION = Math.floor(SCALE.messages / SCALE.conversations);
// Per HTTP scenario and pass: enough for a steady state (V8's optimised code, PostgreSQL's buffers) and a stable p95.
const HTTP_REQUESTS = QUICK ? 200 : 3_000;
const HTTP_CONCURRENCY = 4;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// ---------------------------------------------------------------------------------------------------------------

type Stats = Percentiles;
const r2 = round2;
const summarise = percentiles;

const WORDS = (
  'dossier facture remboursement trésorerie gazole véhicule carte grise relevé attestation cotisation urssaf ' +
  'taxe foncière avis montant déclaration douane expert client rendez-vous signature charte honoraires audit ' +
  'pièce justificative validée refusée manquante envoyer recevoir merci bonjour cordialement semaine prochaine ' +
  'demain réunion téléphone courriel contrat énergie électricité consommation kbis bilan comptable exercice ' +
  'salarié bulletin paie DSN apprenti réduction générale accident travail taux notification délai relance ' +
  'administration décision accordé partiel virement banque RIB échéance trimestre litres poids lourds ' +
  'tracteur remorque flotte carburant station carte professionnelle analyse calcul estimation proposition ' +
  'accepter rejeter question réponse précision complément urgent important rappel ' +
  'local commercial valeur locative surface plan bail propriétaire travaux isolation chauffage éclairage'
).split(/\s+/);

type Cast = { conversationId: string; clientId: string; expertId: string }[];

/** Users, conversations and the message history, generated set-based in SQL (reused when already there). */
async function ensureData(url: string, db: Db): Promise<{ cast: Cast; adminId: string }> {
  await migrate(url);
  const existing = await sql<{ conversations: number; messages: number }>`
    SELECT (SELECT count(*)::int FROM conversations) AS conversations,
           (SELECT count(*)::int FROM messages WHERE seq <= ${PER_CONVERSATION}) AS messages`.execute(db);
  const { conversations, messages } = existing.rows[0]!;
  if (conversations === SCALE.conversations && messages === PER_CONVERSATION * SCALE.conversations) {
    console.log(
      `Reusing ${conversations} conversations and ${messages} messages (live messages of past runs removed).`,
    );
    await sql`DELETE FROM messages WHERE seq > ${PER_CONVERSATION}`.execute(db);
    await sql`UPDATE conversations SET last_seq = ${PER_CONVERSATION}`.execute(db);
    await sql`UPDATE conversation_participants SET last_read_seq = ${PER_CONVERSATION}`.execute(db);
  } else {
    if (conversations > 0) throw new Error('The bench database holds another data set: drop it first.');
    await generate(db);
  }
  const cast = await sql<{ conversationId: string; clientId: string; expertId: string }>`
    SELECT c.id AS "conversationId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'client') AS "clientId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'expert') AS "expertId"
    FROM conversations c ORDER BY c.id`.execute(db);
  const admin = await sql<{ id: string }>`SELECT id FROM users WHERE role = 'admin' LIMIT 1`.execute(db);
  return { cast: cast.rows, adminId: admin.rows[0]!.id };
}

async function generate(db: Db) {
  const started = Date.now();
  console.log(
    `Generating ${SCALE.conversations} conversations with ${PER_CONVERSATION} messages each (${SCALE.messages})…`,
  );
  await db.transaction().execute(async (trx) => {
    await sql`CREATE TEMP TABLE bench_pairs ON COMMIT DROP AS
      SELECT i, gen_random_uuid() AS company_id, gen_random_uuid() AS client_id, gen_random_uuid() AS expert_id,
             gen_random_uuid() AS conversation_id
      FROM generate_series(1, ${SCALE.conversations}) i`.execute(trx);
    await sql`INSERT INTO companies (id, name, siren, sector, size, region)
      SELECT company_id, 'Entreprise banc ' || i, lpad((100000000 + i)::text, 9, '0'), 'transport_routier', '10-49',
             'ile-de-france' FROM bench_pairs`.execute(trx);
    await sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id)
      SELECT client_id, 'bench.client' || i || '@bench.test', 'not-a-login', 'client', 'active', 'Client', 'N' || i,
             company_id FROM bench_pairs
      UNION ALL
      SELECT expert_id, 'bench.expert' || i || '@bench.test', 'not-a-login', 'expert', 'active', 'Expert', 'N' || i,
             NULL FROM bench_pairs
      UNION ALL
      SELECT gen_random_uuid(), 'bench.admin@bench.test', 'not-a-login', 'admin', 'active', 'Admin', 'Banc', NULL`.execute(
      trx,
    );
    await sql`INSERT INTO conversations (id, kind, direct_key, created_by, last_seq, last_message_at, created_at)
      SELECT conversation_id, 'direct', least(client_id::text, expert_id::text) || ':' || greatest(client_id::text, expert_id::text),
             client_id, ${PER_CONVERSATION}, now(), now() - interval '400 days' FROM bench_pairs`.execute(
      trx,
    );
    await sql`INSERT INTO conversation_participants (conversation_id, user_id, role, joined_at, last_read_seq)
      SELECT conversation_id, client_id, 'client', now() - interval '400 days', ${PER_CONVERSATION}::bigint FROM bench_pairs
      UNION ALL
      SELECT conversation_id, expert_id, 'expert', now() - interval '400 days', ${PER_CONVERSATION}::bigint FROM bench_pairs
      UNION ALL
      SELECT conversation_id, (SELECT id FROM users WHERE role = 'admin'), 'admin', now() - interval '400 days',
             ${PER_CONVERSATION}::bigint FROM bench_pairs`.execute(trx);
    await sql`CREATE TABLE bench_pairs_kept AS SELECT * FROM bench_pairs`.execute(trx);
  });
  // Build the search index once after the load rather than row by row.
  const indexes = await sql<{ indexname: string; indexdef: string }>`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE indexname IN ('messages_search_idx', 'messages_recent_idx')`.execute(db);
  for (const index of indexes.rows) await sql.raw(`DROP INDEX ${index.indexname}`).execute(db);
  const chunk = Math.max(1, Math.floor(SCALE.conversations / 20));
  for (let from = 1; from <= SCALE.conversations; from += chunk) {
    await sql`INSERT INTO messages (id, conversation_id, seq, sender_id, kind, body, created_at)
      SELECT gen_random_uuid(), p.conversation_id, s.seq,
             CASE WHEN s.seq % 2 = 0 THEN p.client_id ELSE p.expert_id END, 'text',
             (SELECT string_agg((${WORDS}::text[])[1 + floor(random() * ${WORDS.length})::int], ' ')
                FROM generate_series(1, 5 + (s.seq * 7 + p.i) % 20) g),
             now() - interval '400 days' + s.seq * interval '10 minutes'
      FROM bench_pairs_kept p CROSS JOIN generate_series(1, ${PER_CONVERSATION}) s(seq)
      WHERE p.i >= ${from} AND p.i < ${from + chunk}`.execute(db);
    process.stdout.write(
      `\r  messages: ${Math.min(SCALE.conversations, from + chunk - 1) * PER_CONVERSATION}`,
    );
  }
  process.stdout.write('\n  building the search indexes…\n');
  for (const index of indexes.rows) await sql.raw(index.indexdef).execute(db);
  await sql`DROP TABLE bench_pairs_kept`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_PROFILE=<dir>: CPU profile of the app process, to open in Chrome DevTools.
  const profile = process.env.BENCH_PROFILE && args[0] === '--serve';
  const child = fork(fileURLToPath(import.meta.url), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: profile
      ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : process.execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`child ${args[0]} exited with ${code}`)));
  });
}

async function stopChild(child: ChildProcess) {
  const exited = once(child, 'exit');
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill();
}

function connect(port: number, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(`http://127.0.0.1:${port}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Calls `send(i)` `rate` times a second for `seconds`, evenly, catching up when a tick runs late. */
async function paced(rate: number, seconds: number, send: (i: number) => void): Promise<number> {
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 2));
  }
  return sent;
}

async function httpLatencies(
  port: number,
  requests: { path: string; token: string }[],
): Promise<Stats & { rps: number; errors: number }> {
  let next = 0;
  const { latencies, errors, seconds } = await httpLoad({
    url: `http://127.0.0.1:${port}`,
    connections: HTTP_CONCURRENCY,
    amount: requests.length,
    requests: () => {
      const { path: p, token } = requests[next++ % requests.length]!;
      return { path: p, headers: { authorization: `Bearer ${token}` } };
    },
  });
  return { ...summarise(latencies), rps: Math.round(requests.length / seconds), errors };
}

async function wsEchoFloor(count: number, rate: number, seconds: number) {
  const { child, port } = await startChild(['--echo']);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      return once(ws, 'open').then(() => ws);
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const latencies: number[] = [];
  for (const ws of sockets) {
    ws.on('message', (data) => {
      const sentAt = Number(JSON.parse(String(data)).t);
      latencies.push(performance.now() - sentAt);
    });
  }
  await paced(rate, seconds, (i) => {
    const ws = sockets[i % sockets.length]!;
    ws.send(JSON.stringify({ t: performance.now(), body: `écho ${i} ${WORDS[i % WORDS.length]}` }));
  });
  await new Promise((r) => setTimeout(r, 500));
  for (const ws of sockets) ws.close();
  await stopChild(child);
  return summarise(latencies);
}

async function main() {
  const database = await openBenchDatabase(
    `ft_bench_messaging_${SCALE.messages}`,
    path.join(here, '.data', 'messaging'),
  );
  const { db } = createDb(database.url, 4);
  const { cast, adminId } = await ensureData(database.url, db);
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const now = new Date();
  const clientTokens = await Promise.all(
    cast.map((c) => tokens.signAccess({ sub: c.clientId, role: 'client' }, now)),
  );
  const expertTokens = await Promise.all(
    cast.map((c) => tokens.signAccess({ sub: c.expertId, role: 'expert' }, now)),
  );
  const adminToken = await tokens.signAccess({ sub: adminId, role: 'admin' }, now);

  const loadBefore = os.loadavg()[0]!;
  const { child, port } = await startChild(['--serve', database.url]);
  try {
    // ---- sockets: a client and an expert per conversation
    const people = cast.flatMap((c, i) => [
      { conversationId: c.conversationId, token: clientTokens[i]! },
      { conversationId: c.conversationId, token: expertTokens[i]! },
    ]);
    const connectStarted = performance.now();
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < people.length; i += 50) {
      sockets.push(...(await Promise.all(people.slice(i, i + 50).map((p) => connect(port, p.token)))));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    console.log(`${sockets.length} sockets connected in ${connectSeconds.toFixed(1)} s.`);

    // ---- live load
    const delivery: number[] = [];
    const acks: number[] = [];
    const seen = new Set<string>();
    let received = 0;
    let duplicated = 0;
    let ackErrors = 0;
    let acked = 0;
    sockets.forEach((socket, index) => {
      socket.on('message:new', (m: Message) => {
        const sentAt = Number(m.body.slice(0, m.body.indexOf(' ')));
        delivery.push(performance.now() - sentAt);
        const key = `${index}:${m.id}`;
        if (seen.has(key)) duplicated++;
        else {
          seen.add(key);
          received++;
        }
      });
    });
    // Warm-up: one message per conversation, not measured.
    await Promise.all(
      cast.map((c, i) =>
        sockets[2 * i]!.timeout(10_000).emitWithAck('message:send', {
          conversationId: c.conversationId,
          clientKey: randomUUID(),
          body: `${performance.now()} échauffement`,
          attachmentIds: [],
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    delivery.length = 0;
    seen.clear();
    received = 0;
    duplicated = 0;

    console.log(`Sending ${SCALE.rate} messages/s for ${SCALE.durationS} s…`);
    const sent = await paced(SCALE.rate, SCALE.durationS, (i) => {
      const socket = sockets[i % sockets.length]!;
      const t0 = performance.now();
      socket.emit(
        'message:send',
        {
          conversationId: people[i % people.length]!.conversationId,
          clientKey: randomUUID(),
          body: `${t0} message ${i} ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`,
          attachmentIds: [],
        },
        (ack) => {
          acks.push(performance.now() - t0);
          if ('error' in ack) ackErrors++;
          else acked++;
        },
      );
    });
    // Everything due should be there well within this grace period.
    const grace = performance.now();
    while ((received < sent || acks.length < sent) && performance.now() - grace < 5_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const expected = sent; // two sockets per conversation: one recipient per message (the sender has its ack)
    const lost = Math.max(0, expected - received);
    for (const socket of sockets) socket.close();

    // ---- history and search over the whole history, through the API. Each scenario runs once unmeasured with
    // other random picks first: the steady state of a running server (connections, plans, buffers in use).
    const random = (n: number) => Math.floor(Math.random() * n);
    const measured = async (requests: () => { path: string; token: string }[]) => {
      await httpLatencies(port, requests());
      return httpLatencies(port, requests());
    };
    const history = await measured(() =>
      Array.from({ length: HTTP_REQUESTS }, (_, i) => {
        const c = cast[random(cast.length)]!;
        const before = 50 + random(PER_CONVERSATION - 50);
        return {
          path: `/api/conversations/${c.conversationId}/messages?limit=50${i % 5 === 0 ? '' : `&before=${before}`}`,
          token: clientTokens[cast.indexOf(c)]!,
        };
      }),
    );
    const queries = [
      'facture',
      'tresorerie',
      'carte grise',
      'remboursement gazole',
      'urssaf cotisation',
      'relevé',
      'expert audit',
      'taxe fonciere',
    ];
    const search = await measured(() =>
      Array.from({ length: HTTP_REQUESTS }, (_, i) => {
        const k = random(cast.length);
        return {
          path: `/api/messages/search?q=${encodeURIComponent(queries[i % queries.length]!)}`,
          token: i % 2 === 0 ? clientTokens[k]! : expertTokens[k]!,
        };
      }),
    );
    // The widest scope: someone taking part in every conversation searches the whole million.
    const searchAll = await measured(() =>
      Array.from({ length: Math.floor(HTTP_REQUESTS / 3) }, (_, i) => ({
        path: `/api/messages/search?q=${encodeURIComponent(queries[i % queries.length]!)}`,
        token: adminToken,
      })),
    );

    // ---- floor
    const echo = await wsEchoFloor(SCALE.sockets, SCALE.rate, Math.min(SCALE.durationS, QUICK ? 5 : 20));

    const deliveryStats = summarise(delivery);
    const ackStats = summarise(acks);
    const ratio = (a: number, b: number) => (b > 0 ? r2(a / b) : null);
    const rows: [string, string][] = [
      ['sockets / conversations', `${sockets.length} / ${cast.length}`],
      ['history messages', `${PER_CONVERSATION * cast.length}`],
      ['rate × duration', `${SCALE.rate}/s × ${SCALE.durationS} s`],
      ['sent / acked / ack errors', `${sent} / ${acked} / ${ackErrors}`],
      ['received / lost / duplicated', `${received} / ${lost} / ${duplicated}`],
      [
        'delivery p50 / p95 / p99 ms',
        `${deliveryStats.p50_ms} / ${deliveryStats.p95_ms} / ${deliveryStats.p99_ms}`,
      ],
      ['ack p50 / p95 / p99 ms', `${ackStats.p50_ms} / ${ackStats.p95_ms} / ${ackStats.p99_ms}`],
      ['ws echo p50 / p95 / p99 ms', `${echo.p50_ms} / ${echo.p95_ms} / ${echo.p99_ms}`],
      [
        'delivery ÷ floor (p50, p99)',
        `${ratio(deliveryStats.p50_ms, echo.p50_ms)} , ${ratio(deliveryStats.p99_ms, echo.p99_ms)}`,
      ],
      [
        'history page p50 / p95 / p99 ms',
        `${history.p50_ms} / ${history.p95_ms} / ${history.p99_ms} (${history.rps} rps)`,
      ],
      [
        'search (own) p50 / p95 / p99 ms',
        `${search.p50_ms} / ${search.p95_ms} / ${search.p99_ms} (${search.rps} rps)`,
      ],
      [
        'search (all 1M) p50 / p95 / p99',
        `${searchAll.p50_ms} / ${searchAll.p95_ms} / ${searchAll.p99_ms} (${searchAll.rps} rps)`,
      ],
      [
        'machine: cores, load avg before → after',
        `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
      ],
      ['http errors', `${history.errors + search.errors + searchAll.errors}`],
    ];
    console.log('');
    for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v}`);
    console.log(
      JSON.stringify({
        bench: 'messaging',
        scale: {
          sockets: sockets.length,
          conversations: cast.length,
          messages: PER_CONVERSATION * cast.length,
          rate_per_s: SCALE.rate,
          duration_s: SCALE.durationS,
          quick: QUICK,
        },
        // Other processes compete for the same cores: read latencies against this.
        machine: {
          cores: os.cpus().length,
          loadavg_before: r2(loadBefore),
          loadavg_after: r2(os.loadavg()[0]!),
        },
        results: {
          delivery: { ...deliveryStats, floor_ratio: ratio(deliveryStats.p99_ms, echo.p99_ms) },
          ack: { ...ackStats, floor_ratio: ratio(ackStats.p99_ms, echo.p99_ms) },
          counts: { sent, acked, ack_errors: ackErrors, received, lost, duplicated },
          history: history,
          search: search,
          search_all: searchAll,
          ws_echo: echo,
        },
      }),
    );
  } finally {
    await stopChild(child);
    await db.destroy();
    await database.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Child modes: the app (or the raw ws echo) alone in its own process, so the load generator does not share its loop.
if (process.argv[2] === '--serve') {
  const { port } = await serveBenchApp(process.argv[3]!, {
    dataDir: path.join(here, '.data', 'blobs-messaging'),
  });
  process.send?.({ port });
} else if (process.argv[2] === '--echo') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  await once(wss, 'listening');
  const address = wss.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', (m) => {
    if (m === 'stop') wss.close(() => process.exit(0));
  });
} else {
  await main();
}
