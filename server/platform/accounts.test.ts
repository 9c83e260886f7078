import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerClient } from '../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../tests/support/redis.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { AccountDirectory } from './accounts.ts';
import { ManualClock } from './clock.ts';

const redisUp = await redisAnswers();

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A change made behind the directory's back (SQL by hand): only a forget or the expiry makes it seen. */
const setStatusBehindItsBack = (id: string, status: string) =>
  sql`UPDATE users SET status = ${status} WHERE id = ${id}::uuid`.execute(t.db);

async function newClient() {
  const { user } = await registerClient(t);
  return user.id;
}

describe('account directory', () => {
  it('remembers an account until told it changed, and reads it afresh then', async () => {
    const clock = new ManualClock();
    const accounts = new AccountDirectory({ db: t.db, clock });
    const id = await newClient();
    expect(await accounts.find(id)).toMatchObject({ id, role: 'client', status: 'active' });
    await setStatusBehindItsBack(id, 'suspended');
    expect((await accounts.find(id))?.status).toBe('active');
    await accounts.changed(id);
    expect((await accounts.find(id))?.status).toBe('suspended');
    expect(await accounts.find(randomUUID())).toBeUndefined();
    await accounts.close();
  });

  it('forgets an account after its time to live', async () => {
    const clock = new ManualClock();
    const accounts = new AccountDirectory({ db: t.db, clock, ttlSeconds: 30 });
    const id = await newClient();
    await accounts.find(id);
    await setStatusBehindItsBack(id, 'suspended');
    clock.advance(29_000);
    expect((await accounts.find(id))?.status).toBe('active');
    clock.advance(1_000);
    expect((await accounts.find(id))?.status).toBe('suspended');
    await accounts.close();
  });

  it('does not keep what a read saw when a change was announced while it ran', async () => {
    const accounts = new AccountDirectory({ db: t.db, clock: new ManualClock() });
    const id = await newClient();
    const reading = accounts.find(id);
    const announcing = accounts.changed(id); // while the read is under way
    expect((await reading)?.status).toBe('active');
    await announcing;
    await setStatusBehindItsBack(id, 'suspended');
    expect((await accounts.find(id))?.status).toBe('suspended');
    await accounts.close();
  });

  it('trusts nothing it remembers while its Redis channel is down', async () => {
    const accounts = new AccountDirectory({
      db: t.db,
      clock: new ManualClock(),
      redisUrl: 'redis://127.0.0.1:1',
    });
    const id = await newClient();
    expect((await accounts.find(id))?.status).toBe('active');
    await setStatusBehindItsBack(id, 'suspended');
    expect((await accounts.find(id))?.status).toBe('suspended');
    await accounts.close();
  });

  describe.skipIf(!redisUp)('across instances, through Redis', () => {
    it('a change announced by one instance is read afresh by the others', async () => {
      const redisPrefix = `ft-test-${randomUUID()}`;
      const [a, b] = [0, 1].map(
        () =>
          new AccountDirectory({ db: t.db, clock: new ManualClock(), redisUrl: TEST_REDIS_URL, redisPrefix }),
      ) as [AccountDirectory, AccountDirectory];
      const id = await newClient();
      // Remembered by b once its channel is subscribed.
      await eventuallyRemembered(b, id);
      await setStatusBehindItsBack(id, 'suspended');
      await a.changed(id);
      await expect.poll(async () => (await b.find(id))?.status, { timeout: 2000 }).toBe('suspended');
      await Promise.all([a.close(), b.close()]);
    });
  });
});

/** Waits until `accounts` answers from memory: a change behind its back no longer shows. */
async function eventuallyRemembered(accounts: AccountDirectory, id: string) {
  await expect
    .poll(
      async () => {
        await accounts.find(id);
        await setStatusBehindItsBack(id, 'pending');
        const seen = (await accounts.find(id))?.status;
        await setStatusBehindItsBack(id, 'active');
        return seen;
      },
      { timeout: 3000 },
    )
    .toBe('active');
}
