import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';

// Found by the fault suite's fuzz (tests/faults): these answers left in Fastify's own shape, not the API's.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('errors answered before any route', () => {
  it('answers an undecodable URL with 400 and the API error shape', async () => {
    const res = await fetch(`${t.baseUrl}/api/conversations/%zz/messages`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });

  it('answers headers too large with 431 and the API error shape', async () => {
    const res = await fetch(`${t.baseUrl}/api/me?q=${'a'.repeat(20_000)}`, {
      headers: { 'x-filler': 'b'.repeat(20_000) },
    });
    expect(res.status).toBe(431);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });
});
