import { describe, expect, it } from 'vitest';
import { startedApp } from '../../tests/support/test-app.ts';
import { bootLoaderScriptSource } from './static-client.ts';

const METRICS_TOKEN = 'scraper-token-0123456789';

describe('/metrics protected by METRICS_TOKEN', () => {
  const t = startedApp({ metricsToken: METRICS_TOKEN });

  it('answers 401 in the error shape without the token', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to a wrong token', async () => {
    const res = await t.request('GET', '/metrics', { token: `${METRICS_TOKEN}x` });
    expect(res.status).toBe(401);
  });

  it('serves the metrics to a scraper presenting the token', async () => {
    const res = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^# HELP /m);
  });

  it('exports the event loop delay of the window since the previous scrape', async () => {
    const res = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.body).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(res.body).toMatch(/^nodejs_eventloop_lag_max_seconds \d/m);
  });

  it('exports garbage-collection pauses by kind in millisecond buckets', async () => {
    // Allocations enough to make the young generation collect at least once.
    let keep: number[][] = [];
    for (let i = 0; i < 1000; i++) keep = [...keep.slice(-10), Array.from({ length: 10_000 }, (_, j) => j)];
    expect(keep.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const res = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.body).toMatch(/^nodejs_gc_duration_seconds_count\{kind="(minor|major)"\} [1-9]/m);
    expect(res.body).toMatch(/^nodejs_gc_duration_seconds_bucket\{le="0\.0025",kind="(minor|major)"\} \d/m);
  });
});

describe('/metrics: the database pool', () => {
  const t = startedApp({ metricsToken: METRICS_TOKEN, databasePoolSize: 1 });
  const metrics = async () => (await t.request('GET', '/metrics', { token: METRICS_TOKEN })).body as string;
  /** Checkouts that waited longer than 50 ms so far. */
  const slowCheckouts = (text: string) =>
    Number(text.match(/^db_pool_acquire_seconds_count (\d+)/m)?.[1]) -
    Number(text.match(/^db_pool_acquire_seconds_bucket\{le="0.05"\} (\d+)/m)?.[1]);

  it('exports how long a request waited for a connection while all were busy', async () => {
    const before = slowCheckouts(await metrics());
    // The only connection is held for 150 ms while the request asks for it.
    const { request } = await t.db.connection().execute(async () => {
      const request = t.request('GET', '/api/products');
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { request };
    });
    expect((await request).status).toBe(200);
    expect(slowCheckouts(await metrics()) - before).toBeGreaterThanOrEqual(1);
  });

  it('exports the pool’s connections by state', async () => {
    expect(await metrics()).toMatch(/^db_pool_connections\{state="total"\} 1$/m);
  });
});

describe('content security policy', () => {
  const t = startedApp();

  const directives = async () => {
    const res = await t.request('GET', '/api/health');
    const policy = res.headers.get('content-security-policy') ?? '';
    return new Map(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );
  };

  it('lets scripts and connections (the socket included) reach this origin only', async () => {
    const csp = await directives();
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    // Inline, only the prerendered pages' boot loader, by its hash.
    expect(csp.get('script-src')).toEqual(["'self'", bootLoaderScriptSource]);
  });

  it('allows the images the product serves (its files, attachment blobs, inline icons) and no other host', async () => {
    const csp = await directives();
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('forbids framing, plugins and foreign form targets', async () => {
    const csp = await directives();
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });
});
