import { describe, expect, it } from 'vitest';
import { appWithAdmin, registerClient, registerExpert } from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();
const get = (query: string, token?: string) => t.request('GET', `/api/admin/metrics?${query}`, { token });
const week = 'from=2026-05-25&to=2026-05-31';

describe('GET /api/admin/metrics: who may read it', () => {
  it('refuses an anonymous caller', async () => {
    expect((await get(week)).status).toBe(401);
  });

  it('refuses a client', async () => {
    const client = await registerClient(t);
    const res = await get(week, client.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses an expert', async () => {
    const expert = await registerExpert(t);
    expect((await get(week, expert.token)).status).toBe(403);
  });

  it('answers an admin', async () => {
    expect((await get(week, admin.token)).status).toBe(200);
  });
});

describe('GET /api/admin/metrics: bad input', () => {
  it.each([
    ['a malformed date', 'from=2026-13-01&to=2026-12-31'],
    ['a missing end', 'from=2026-05-01'],
    ['an end before the start', 'from=2026-05-31&to=2026-05-01'],
    ['an unknown grouping', `${week}&groupBy=year`],
  ])('refuses %s', async (_, query) => {
    const res = await get(query, admin.token);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('refuses a period longer than 1,100 days with its own code', async () => {
    const res = await get('from=2020-01-01&to=2026-05-31', admin.token);
    expect([res.status, res.body.error.code]).toEqual([400, 'METRICS_PERIOD_TOO_LONG']);
  });

  it('accepts a period of exactly 1,100 days', async () => {
    expect((await get('from=2023-06-02&to=2026-06-05', admin.token)).status).toBe(200);
  });
});
