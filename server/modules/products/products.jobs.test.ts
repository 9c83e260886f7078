import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerClient } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { purgeAnonymousSimulations } from './products.jobs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;

async function simulationAged(days: number, userId: string | null): Promise<string> {
  const id = crypto.randomUUID();
  await t.db
    .insertInto('simulations')
    .values({
      id,
      userId,
      answers: JSON.stringify({}),
      results: JSON.stringify([]),
      totalEstimatedCents: 0,
      createdAt: new Date(t.clock.now().getTime() - days * DAY),
    })
    .execute();
  return id;
}

describe('purgeAnonymousSimulations', () => {
  it('deletes anonymous simulations older than 30 days by the clock, keeps younger and signed-in ones', async () => {
    const client = await registerClient(t);
    const old = await simulationAged(31, null);
    const recent = await simulationAged(29, null);
    const owned = await simulationAged(31, client.user.id);
    // The clock decides: a month on, the 29-day one is old too.
    await t.app.services.jobs.runNow(purgeAnonymousSimulations, {});
    const left = async () =>
      (await t.db.selectFrom('simulations').select('id').execute()).map((r) => r.id).sort();
    expect(await left()).toEqual([recent, owned].sort());
    expect(await left()).not.toContain(old);
    t.clock.advance(2 * DAY);
    await t.app.services.jobs.runNow(purgeAnonymousSimulations, {});
    expect(await left()).toEqual([owned]);
  });

  it('is scheduled daily in Paris time', () => {
    expect(purgeAnonymousSimulations.cron?.schedule).toBe('40 3 * * *');
  });
});
