import type { RouteTiming } from '../../../common/monitoring.ts';
import type { LatencyHistogram } from './latency-histogram.ts';

const round = (ms: number) => Math.round(ms * 100) / 100;

export function presentRouteTiming(method: string, route: string, h: LatencyHistogram): RouteTiming {
  return {
    method,
    route,
    count: h.count,
    p50Ms: round(h.percentile(0.5) ?? 0),
    p95Ms: round(h.percentile(0.95) ?? 0),
    p99Ms: round(h.percentile(0.99) ?? 0),
    maxMs: round(h.maxMs),
    totalMs: round(h.totalMs),
    clientErrorRate: h.clientErrors / h.count,
    serverErrorRate: h.serverErrors / h.count,
  };
}
