/**
 * The live update phase: an admin's socket connected to the app, clients changing dossiers through the API at a
 * steady rate; each change's latency runs from the moment the server gave the change (the dossier's `updatedAt`,
 * written in the change's transaction, just before its commit) to the arrival at the admin's socket of the first
 * `admin:metrics` event the server sent after it (its `at`: the server sends it once the NOTIFY of the change's
 * commit reached it). The app and the benchmark run on one machine: one clock.
 *
 * A change is one step of a chain a client walks on a product its company has no open dossier of: create the dossier,
 * send it to pre-eligibility, ask for the review, cancel it (so the product is free again for the next run).
 *
 * Floor: a bare `SELECT pg_notify('ft_admin_metrics', 'dossiers')` from the benchmark, to the arrival of the
 * `admin:metrics` it causes on the same socket, one at a time, spaced beyond the server's batching window.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { MetricsChanged } from '../../common/admin-metrics.ts';
import type { Db } from '../../server/db/pool.ts';
import { Random } from '../../server/db/seed/random.ts';
import { type ClientSocket, connectSocket } from '../../tests/support/socket-client.ts';
import { paced } from '../paced.ts';
import { percentiles } from '../support.ts';

export type Chain = { token: string; productCode: string };

const now = () => performance.timeOrigin + performance.now();
const steps = ['create', 'pre_eligibility_pending', 'pre_eligibility_review', 'cancelled'] as const;

/** `count` chains: a client and a product its company has no open dossier of, drawn at random. */
export async function chains(db: Db, count: number, tokenFor: (userId: string) => Promise<string>) {
  const { rows } = await sql<{ userId: string; productCode: string }>`
    SELECT u.id AS "userId", p.code AS "productCode"
    FROM users u CROSS JOIN products p
    WHERE u.role = 'client' AND u.status = 'active' AND p.active AND NOT EXISTS (
      SELECT 1 FROM dossiers d WHERE d.company_id = u.company_id AND d.product_code = p.code
        AND d.status NOT IN ('closed', 'not_eligible', 'refused', 'cancelled'))
    ORDER BY md5(u.id::text || p.code || ${String(Date.now())}) LIMIT ${count}`.execute(db);
  if (rows.length < count) throw new Error(`only ${rows.length} free client products, ${count} wanted`);
  return Promise.all(
    rows.map(async (r) => ({ token: await tokenFor(r.userId), productCode: r.productCode })),
  );
}

type Received = { at: number; arrival: number };

function listen(socket: ClientSocket) {
  const received: Received[] = [];
  socket.on('admin:metrics', (state: MetricsChanged) =>
    received.push({ at: Date.parse(state.at), arrival: now() }),
  );
  return received;
}

/** The bare NOTIFY → socket round trip, `samples` times, `spacingMs` apart. */
export async function notifyFloor(db: Db, socket: ClientSocket, samples: number, spacingMs: number) {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((r) => setTimeout(r, spacingMs));
    const arrived = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no admin:metrics after a NOTIFY within 5 s')), 5000);
      socket.once('admin:metrics', () => {
        clearTimeout(timer);
        resolve(now());
      });
    });
    const started = now();
    await sql`SELECT pg_notify('ft_admin_metrics', 'dossiers')`.execute(db);
    latencies.push((await arrived) - started);
  }
  return percentiles(latencies);
}

/** `rate` changes a second for `seconds` through the API, each timed to the admin event that covers it. */
export async function liveUpdates(
  port: number,
  socket: ClientSocket,
  walkers: Chain[],
  rate: number,
  seconds: number,
) {
  const base = `http://127.0.0.1:${port}`;
  const received = listen(socket);
  const random = new Random(16);
  const ready = walkers.map((chain) => ({ chain, step: 0, id: '' }));
  const changes: number[] = [];
  const failures: string[] = [];
  let skipped = 0;
  const inFlight = new Set<Promise<void>>();
  const perform = async (walker: (typeof ready)[number]) => {
    const step = steps[walker.step]!;
    const headers = { authorization: `Bearer ${walker.chain.token}`, 'content-type': 'application/json' };
    const response =
      step === 'create'
        ? await fetch(`${base}/api/dossiers`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ productCode: walker.chain.productCode, estimatedCents: 1_500_000 }),
          })
        : await fetch(`${base}/api/dossiers/${walker.id}/transitions`, {
            method: 'POST',
            headers,
            body: JSON.stringify(
              step === 'cancelled' ? { to: step, reason: 'Essai de charge' } : { to: step },
            ),
          });
    const body = (await response.json()) as { id: string; updatedAt: string };
    if (!response.ok) {
      failures.push(`${step}: ${response.status} ${JSON.stringify(body)}`);
      return;
    }
    changes.push(Date.parse(body.updatedAt));
    walker.id = body.id;
    walker.step++;
    if (walker.step < steps.length) ready.push(walker);
  };
  const started = now();
  const sent = await paced(rate, seconds, () => {
    if (ready.length === 0) {
      skipped++;
      return;
    }
    const [walker] = ready.splice(Math.floor(random.next() * ready.length), 1);
    const done: Promise<void> = perform(walker!).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  const elapsed = (now() - started) / 1000;
  await Promise.all(inFlight);
  // The batching window is a second: every change is covered within 2 s of the last one.
  await new Promise((r) => setTimeout(r, 2500));
  socket.off('admin:metrics');
  const latencies: number[] = [];
  let uncovered = 0;
  for (const at of changes) {
    const covering = received.find((event) => event.at >= at);
    if (covering) latencies.push(covering.arrival - at);
    else uncovered++;
  }
  return {
    ...percentiles(latencies),
    changes: changes.length,
    rate_per_s: Math.round((changes.length / elapsed) * 10) / 10,
    sent: sent - skipped,
    errors: failures.length,
    first_error: failures[0] ?? null,
    uncovered,
    events: received.length,
  };
}

export const connectAdmin = (port: number, token: string) =>
  connectSocket(`http://127.0.0.1:${port}`, token, 20_000);
