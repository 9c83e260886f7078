/**
 * Search over the whole data set through the HTTP API, 8 requests at a time, once a client was seen to find one of
 * its documents by a word only inside it: first a mix for `seconds` (after an unmeasured warm-up of a few seconds),
 * then each query kind × role apart (to name the slowest), then the floor: as many requests to GET /api/me (the
 * lightest authenticated route) with the same callers.
 *
 * Roles: an admin (every document), experts (their dossiers, about a thousand documents each), clients (their
 * company's four dossiers, about two hundred documents). Kinds: a common word (in most pages, its forms counted), a
 * rare term (a few hundred pages of the whole set), two words, accented words, and a document's reference (exactly
 * one document, one the caller may read).
 */
import { sql } from 'kysely';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { benchId, documentReference, indexOfBenchId } from './documents-ids.ts';
import { type BenchRequest, httpLoad, type Percentiles, percentiles } from './support.ts';

const CONNECTIONS = 8;
// Requests per kind × role: as many as the mixed load served in 4 s, between 40 and 240 (a slow search stays short).
const perCombination = (rps: number) => Math.max(40, Math.min(240, Math.round(rps * 4)));
const WARM_UP_SECONDS = 5;

export const queryKinds = ['common', 'rare', 'two_words', 'accented', 'reference'] as const;
export type QueryKind = (typeof queryKinds)[number];
export const roles = ['admin', 'expert', 'client'] as const;
export type Role = (typeof roles)[number];

export const searchWords: Record<Exclude<QueryKind, 'reference'>, string[]> = {
  common: ['facture', 'montant', 'paiement', 'contrat', 'période', 'compte'],
  rare: ['tachygraphe', 'affacturage', 'tonnellerie', 'transpalette', 'nantissement', 'warrant'],
  two_words: [
    'facture carburant',
    'taxe foncière',
    'bulletin salaire',
    'remboursement gazole',
    'contrat énergie',
    'relevé consommation',
  ],
  accented: ['échéance', 'régularisation', 'trésorerie', 'électricité', 'géothermie', 'pénalité'],
};

type Caller = { id: string; token: string };
type SampleDocument = { index: number; client: Caller; expert: Caller };
export type SearchCast = { admin: Caller; experts: Caller[]; clients: Caller[]; documents: SampleDocument[] };

/** The callers, with access tokens, and a sample of documents with the client and the expert who may read each. */
export async function searchCast(db: Db): Promise<SearchCast> {
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const now = new Date();
  const users = await sql<{ id: string; role: Role }>`
    SELECT id, role FROM users WHERE email LIKE 'bench.%' ORDER BY id`.execute(db);
  const callers = new Map<string, Caller>();
  for (const u of users.rows)
    callers.set(u.id, { id: u.id, token: await tokens.signAccess({ sub: u.id, role: u.role }, now) });
  const ofRole = (role: Role) => users.rows.filter((u) => u.role === role).map((u) => callers.get(u.id)!);
  const sample = await sql<{ id: string; clientId: string; expertId: string }>`
    SELECT d.id, c.id AS "clientId", o.expert_id AS "expertId"
    FROM documents d JOIN dossiers o ON o.id = d.dossier_id
    JOIN users c ON c.company_id = o.company_id AND c.role = 'client'
    ORDER BY md5(d.id::text) LIMIT 2000`.execute(db);
  return {
    admin: ofRole('admin')[0]!,
    experts: ofRole('expert'),
    clients: ofRole('client'),
    documents: sample.rows.map((d) => ({
      index: indexOfBenchId(d.id),
      client: callers.get(d.clientId)!,
      expert: callers.get(d.expertId)!,
    })),
  };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** One search of a kind by a caller of a role: the query and whose token. */
function searchRequest(cast: SearchCast, kind: QueryKind, role: Role): BenchRequest {
  let caller: Caller;
  let q: string;
  if (kind === 'reference') {
    const document = pick(cast.documents);
    caller = role === 'admin' ? cast.admin : document[role];
    q = documentReference(document.index);
  } else {
    caller = role === 'admin' ? cast.admin : pick(role === 'expert' ? cast.experts : cast.clients);
    q = pick(searchWords[kind]);
  }
  return {
    path: `/api/documents/search?q=${encodeURIComponent(q)}`,
    headers: { authorization: `Bearer ${caller.token}` },
  };
}

// In every five requests: one admin's, two experts', two clients'.
const roleMix: Role[] = ['admin', 'expert', 'client', 'expert', 'client'];

/** The mixed sequence: every kind with every role of the mix, evenly. */
const mixedRequest = (cast: SearchCast, n: number) =>
  searchRequest(
    cast,
    queryKinds[n % queryKinds.length]!,
    roleMix[Math.floor(n / queryKinds.length) % roleMix.length]!,
  );

type Measured = Percentiles & { rps: number; errors: number };

async function load(
  port: number,
  next: () => BenchRequest,
  options: { duration?: number; amount?: number },
): Promise<Measured> {
  const { latencies, errors, seconds } = await httpLoad({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: next,
    ...options,
  });
  return { ...percentiles(latencies), rps: Math.round(latencies.length / seconds), errors };
}

export type SearchResults = {
  mixed: Measured;
  floor: Measured;
  combinations: (Measured & { kind: QueryKind; role: Role })[];
};

/** Before measuring: a document's client finds it by its reference, a word only inside its pages. */
async function checkFindsInsideFiles(port: number, cast: SearchCast) {
  const document = cast.documents[0]!;
  const response = await fetch(
    `http://127.0.0.1:${port}/api/documents/search?q=${documentReference(document.index)}`,
    { headers: { authorization: `Bearer ${document.client.token}` } },
  );
  const body = (await response.json()) as { items?: { document: { id: string }; match: string | null }[] };
  const hit = body.items?.[0];
  if (response.status !== 200 || hit?.document.id !== benchId(6, document.index) || hit.match !== 'content')
    throw new Error(`search does not find a document by a word inside it: ${JSON.stringify(body)}`);
}

export async function searchLoad(port: number, cast: SearchCast, seconds: number): Promise<SearchResults> {
  await checkFindsInsideFiles(port, cast);
  let n = 0;
  const mixed = () => mixedRequest(cast, n++);
  await load(port, mixed, { duration: WARM_UP_SECONDS });
  console.log(`Search: ${CONNECTIONS} at a time for ${seconds} s, every kind and role mixed…`);
  const measured = await load(port, mixed, { duration: seconds });
  console.log('Search: each kind × role apart…');
  const combinations: SearchResults['combinations'] = [];
  for (const kind of queryKinds) {
    for (const role of roles) {
      const amount = perCombination(measured.rps);
      const result = await load(port, () => searchRequest(cast, kind, role), { amount });
      combinations.push({ kind, role, ...result });
    }
  }
  console.log(`Floor: ${measured.count} requests to GET /api/me by the same callers…`);
  const me = () => ({ ...mixedRequest(cast, n++), path: '/api/me' });
  await load(port, me, { duration: WARM_UP_SECONDS });
  const floor = await load(port, me, { amount: Math.max(measured.count, 1) });
  return { mixed: measured, floor, combinations };
}

/** The kind × role of the highest p95, and a request of it (for the EXPLAIN ANALYZE). */
export function slowest(results: SearchResults, cast: SearchCast) {
  const worst = results.combinations.reduce((a, b) => (b.p95_ms > a.p95_ms ? b : a));
  return { kind: worst.kind, role: worst.role, request: searchRequest(cast, worst.kind, worst.role) };
}
