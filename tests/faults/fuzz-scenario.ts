/** The fuzz scenario of the fault suite: see fuzz.ts for the requests, run.ts for the whole suite. */

import { sleep } from '../support/waiting.ts';
import { fuzz, mergeFuzz } from './fuzz.ts';
import { api, json, type RawRequest, send } from './http.ts';
import type { Cast } from './load.ts';
import type { ServerProcess } from './processes.ts';
import { check, MB, results, round2, rows } from './report.ts';

async function realIds(server: ServerProcess, cast: Cast): Promise<string[]> {
  const ids: string[] = [...cast.clientConversations, ...cast.expertConversations];
  const get = async (p: string, token?: string) => {
    const answer = await api(server.baseUrl, 'GET', p, { token });
    return answer.status === 200 ? json<{ items: { id: string }[] }>(answer).items.map((i) => i.id) : [];
  };
  ids.push(...(await get('/api/dossiers?limit=10', cast.client.token)));
  ids.push(...(await get('/api/experts?limit=10')));
  ids.push(...(await get('/api/expert-requests?limit=10', cast.client.token)));
  ids.push(
    ...(await get(`/api/conversations/${cast.clientConversations[0]}/messages?limit=10`, cast.client.token)),
  );
  const users = await get('/api/admin/users?limit=20', cast.admin.token);
  const own = new Set([cast.admin.id, cast.client.id, cast.expert.id]);
  ids.push(...users.filter((id) => !own.has(id)));
  return ids;
}

/**
 * Makes the server load the code it imports on first use: a report export in each format loads its renderer (the
 * spreadsheet one alone weighs about 10 MB of heap). The fuzz reaches them at random; loaded during the measured
 * phase rather than before, they read as a leak (CI once: 20.2 MB, with ExcelJS, archiver and jszip the new heap).
 */
async function loadLazyCode(baseUrl: string, admin: Cast['admin']) {
  const today = new Date().toISOString().slice(0, 10);
  for (const format of ['pdf', 'xlsx', 'csv']) {
    const body = { kind: 'report', type: 'platform', params: { from: today, to: today }, format };
    const job = json<{ id: string; status: string }>(
      await api(baseUrl, 'POST', '/api/exports', { token: admin.token, body }),
    );
    let status = job.status;
    for (let i = 0; i < 300 && (status === 'queued' || status === 'running'); i++) {
      await sleep(100);
      status = json<{ status: string }>(
        await api(baseUrl, 'GET', `/api/exports/${job.id}`, { token: admin.token }),
      ).status;
    }
    check(`fuzz warm-up: a ${format} report exported`, status === 'ready', status);
  }
}

export async function fuzzRoutes(
  server: ServerProcess,
  cast: Cast,
  options: { total: number; seed: number },
) {
  const FUZZ_REQUESTS = options.total;
  const SEED = options.seed;
  console.log(`\n== Fuzz: ${FUZZ_REQUESTS} bad requests over every route`);
  const docAnswer = await api(server.baseUrl, 'GET', '/api/openapi.json');
  const doc = json<Record<string, unknown>>(docAnswer);
  const identities = [
    { role: 'anonymous' },
    { role: 'client', token: cast.client.token },
    { role: 'expert', token: cast.expert.token },
    { role: 'admin', token: cast.admin.token },
  ];
  const ids = await realIds(server, cast);
  // Requests whose 5xx the fuzz found once (fixed since), sent every run.
  const upload = `/api/conversations/${cast.clientConversations[0]}/attachments`;
  const cutShort =
    '--cut\r\nContent-Disposition: form-data; name="x"; filename="a.bin"\r\n\r\n\u0000\u0000\r\n';
  const regressions: RawRequest[] = [
    { method: 'POST', path: upload, headers: { 'content-type': 'multipart/form-data' }, body: 'a=1' },
    {
      method: 'POST',
      path: upload,
      headers: { 'content-type': 'multipart/form-data; boundary=cut' },
      body: cutShort,
    },
    { method: 'GET', path: '/api/conversations/%zz/messages' },
    { method: 'GET', path: '/api/me', headers: { 'x-filler': 'a'.repeat(20_000) } },
    {
      method: 'GET',
      path: '/api/admin/audit/actors?q=a%00b',
      headers: { authorization: `Bearer ${cast.admin.token}` },
    },
  ];
  for (const request of regressions) {
    request.headers = { authorization: `Bearer ${cast.client.token}`, ...request.headers };
    const answer = await send(server.baseUrl, request);
    const shaped = /^\{"error":\{"code":"/.test(answer.body);
    check(
      `fuzz regression: ${request.method} ${request.path.slice(0, 60)} answers a 4xx error`,
      answer.status >= 400 && answer.status < 500 && shaped,
      `${answer.status}`,
    );
  }
  const common = {
    baseUrl: server.baseUrl,
    doc,
    identities,
    realIds: ids,
    concurrency: 16,
    alive: () => server.alive,
  };
  // Warm-up (not counted): the code loaded, its paths compiled and the pools filled before the memory baseline.
  await loadLazyCode(server.baseUrl, cast.admin);
  await fuzz({ ...common, total: 1000, seed: SEED + 1 });
  await sleep(1000);
  const before = await server.memory();
  // In two halves: memory measured between them too, to tell a leak (growing in both) from the allocator's pages
  // kept after the first big bodies (then reused).
  const first = await fuzz({ ...common, total: Math.ceil(FUZZ_REQUESTS / 2), seed: SEED });
  await sleep(1000);
  const middle = await server.memory();
  const second = await fuzz({ ...common, total: Math.floor(FUZZ_REQUESTS / 2), seed: SEED + 2 });
  const result = mergeFuzz(first, second);
  await sleep(2000);
  const after = await server.memory();
  const fivexx = result.tally.count((k) => /^5/.test(k));
  const hung = result.tally.count((k) => k === 'timeout' || k === 'network');
  rows.push({
    scenario: 'fuzz',
    requests: result.tally.total,
    statuses: result.tally.summary(),
    lost: 0,
    duplicated: 0,
    recovery: '-',
  });
  const groups = new Map<string, { count: number; example: string }>();
  for (const f of result.findings) {
    const key = `${f.status} ${f.route} [${f.mutation}]`;
    const group = groups.get(key) ?? { count: 0, example: `${f.role}: ${f.request}\n        -> ${f.answer}` };
    group.count++;
    groups.set(key, group);
  }
  for (const [key, g] of groups) console.log(`  ${g.count}× ${key}\n        ${g.example}`);
  for (const f of result.badErrorBodies.slice(0, 5)) {
    console.log(
      `  4xx without an error body: ${f.route} [${f.mutation}] ${f.status}: ${f.answer.slice(0, 120)}`,
    );
  }
  const heapGrowth = (after.heapUsed - before.heapUsed) / MB;
  const rssGrowth = (after.rss - before.rss) / MB;
  const rssSecondHalf = (after.rss - middle.rss) / MB;
  Object.assign(results, {
    fuzz_requests: result.tally.total,
    fuzz_5xx: fivexx,
    fuzz_hung: hung,
    fuzz_resent_on_new_connection: result.resent,
    fuzz_4xx_without_error_body: result.badErrorBodies.length,
    fuzz_rps: round2(result.tally.total / result.seconds),
    heap_baseline_mb: round2(before.heapUsed / MB),
    heap_middle_mb: round2(middle.heapUsed / MB),
    heap_after_mb: round2(after.heapUsed / MB),
    rss_baseline_mb: round2(before.rss / MB),
    rss_middle_mb: round2(middle.rss / MB),
    rss_after_mb: round2(after.rss / MB),
    external_baseline_mb: round2(before.external / MB),
    external_after_mb: round2(after.external / MB),
  });
  check('fuzz: every request answered', result.tally.total === FUZZ_REQUESTS, `${result.tally.total}`);
  check('fuzz: no 5xx', fivexx === 0, `${fivexx}`);
  check('fuzz: no hang, no dropped connection', hung === 0, `${hung}`);
  check('fuzz: every 4xx carries {error: {code, message}}', result.badErrorBodies.length === 0);
  check('fuzz: the server alive', server.alive && (await server.healthy()));
  // After a full GC, the heap and the buffers within 20 MB of their baseline. The RSS keeps the pages the allocator
  // took for the first huge bodies: it may not shrink, but must not grow again over the second half (a leak would).
  const externalGrowth = (after.external - before.external) / MB;
  check('fuzz: heap back near its baseline', heapGrowth < 20, `${round2(heapGrowth)} MB`);
  check('fuzz: buffers back near their baseline', externalGrowth < 20, `${round2(externalGrowth)} MB`);
  check(
    'fuzz: RSS flat over the second half',
    rssSecondHalf < 50,
    `${round2(rssSecondHalf)} MB over the second half, ${round2(rssGrowth)} MB in all`,
  );
}
