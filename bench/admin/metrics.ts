/**
 * The metrics phase: `GET /api/admin/metrics` by an admin, 8 at a time, over random periods (today, 7 days, 30
 * days, a quarter, a year, custom ranges up to two years, ending on random days of the data's two years), each
 * with a random `groupBy` (or the default); then its floor, the same periods through the floor route
 * (server.ts / floor.ts), same connections, same caller. Each is warmed up first.
 */
import { type MetricsGroupBy, metricsGroupBys } from '../../common/admin-metrics.ts';
import { Random } from '../../server/db/seed/random.ts';
import { type BenchRequest, httpLoad, type Percentiles, percentiles, round2 } from '../support.ts';
import { floorPath } from './server.ts';

const CONNECTIONS = 8;
const DAY = 86_400_000;

const presets = { today: 1, '7d': 7, '30d': 30, quarter: 91, year: 365 } as const;
type Period = { preset: keyof typeof presets | 'custom'; from: string; to: string; groupBy?: MetricsGroupBy };

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` periods: presets ending today (as the dashboard asks them) half of the time, else anywhere. */
export function randomPeriods(count: number, seed = 7): Period[] {
  const random = new Random(seed);
  const today = Date.parse(isoDay(Date.now()));
  const names = [...Object.keys(presets), 'custom'] as Period['preset'][];
  return Array.from({ length: count }, () => {
    const preset = random.pick(names);
    const days = preset === 'custom' ? random.int(1, 730) : presets[preset];
    const end = random.next() < 0.5 && preset !== 'custom' ? today : today - random.int(0, 730 - days) * DAY;
    const groupBy = random.next() < 0.25 ? undefined : random.pick(metricsGroupBys);
    return { preset, from: isoDay(end - (days - 1) * DAY), to: isoDay(end), groupBy };
  });
}

const query = (p: Period) => `from=${p.from}&to=${p.to}${p.groupBy ? `&groupBy=${p.groupBy}` : ''}`;

type Measured = Percentiles & { rps: number; errors: number };

async function load(port: number, requests: BenchRequest[], amount: number): Promise<Measured> {
  let n = 0;
  const { latencies, errors, seconds } = await httpLoad({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: () => requests[n++ % requests.length]!,
    amount,
  });
  return { ...percentiles(latencies), rps: Math.round(latencies.length / seconds), errors };
}

/** The metrics then their floor, `amount` requests each after `warmUp`, over the same periods in the same order. */
export async function metricsLoad(port: number, adminToken: string, amount: number, warmUp: number) {
  const headers = { authorization: `Bearer ${adminToken}` };
  const periods = randomPeriods(amount);
  const first = await fetch(`http://127.0.0.1:${port}/api/admin/metrics?${query(periods[0]!)}`, { headers });
  if (first.status !== 200) throw new Error(`metrics refused: ${first.status} ${await first.text()}`);
  const on = (path: string) => periods.map((p) => ({ path: `${path}?${query(p)}`, headers }));
  const metricsRequests = on('/api/admin/metrics');
  const floorRequests = on(floorPath);
  await load(port, metricsRequests, warmUp);
  console.log(`Metrics: ${amount} requests over random periods, ${CONNECTIONS} at a time…`);
  const metrics = await load(port, metricsRequests, amount);
  await load(port, floorRequests, warmUp);
  console.log(`Floor: the same periods' aggregate rows in one query, ${CONNECTIONS} at a time…`);
  const floor = await load(port, floorRequests, amount);
  const byPreset = Object.fromEntries(
    [...new Set(periods.map((p) => p.preset))].map((preset) => [
      preset,
      periods.filter((p) => p.preset === preset).length,
    ]),
  );
  return {
    metrics,
    floor,
    floor_ratio_p95: floor.p95_ms > 0 ? round2(metrics.p95_ms / floor.p95_ms) : null,
    periods: byPreset,
  };
}
