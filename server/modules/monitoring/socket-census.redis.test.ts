import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringReport } from '../../../common/monitoring.ts';
import { createAdmin, type Session } from '../../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../../tests/support/redis.ts';
import { type ClientSocket, connectSocket } from '../../../tests/support/socket-client.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';

const redisUp = await redisAnswers();

// Two instances on one database, their sockets joined through Redis: each reports its own sockets when asked.
describe.skipIf(!redisUp)('GET /api/admin/monitoring with two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  let socket: ClientSocket;

  beforeAll(async () => {
    const shared = {
      redisUrl: TEST_REDIS_URL,
      // Channels of our own: other runs may share this Redis.
      redisPrefix: `ft-test-${randomUUID()}`,
      // One secret: a token signed by one instance is accepted by the other.
      jwtSecret: randomBytes(32).toString('hex'),
    };
    a = await startTestApp(shared);
    b = await startTestApp(shared, { databaseUrl: a.databaseUrl, clock: a.clock });
    admin = await createAdmin(a);
    socket = await connectSocket(b.baseUrl, admin.token);
  });

  afterAll(async () => {
    socket?.close();
    await b?.close();
    await a?.close();
  });

  it('counts the sockets of every instance, each under its own line', async () => {
    const res = await a.request<MonitoringReport>('GET', '/api/admin/monitoring', { token: admin.token });
    expect(res.body.sockets.instances.map((i) => i.connected).sort()).toEqual([0, 1]);
    expect(res.body.sockets).toMatchObject({ total: 1, complete: true });
  });
});
