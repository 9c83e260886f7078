import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, walk } from '../../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../../tests/support/redis.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import type { Config } from '../../config.ts';
import { inEligibilityReview } from '../dossiers/dossiers.factories.ts';
import { type ClientSocket, collect, connect } from '../messaging/messaging.factories.ts';
import {
  RecordingChannel,
  sampleData,
  startNotificationsApp,
  subscribedClient,
} from './notifications.factories.ts';
import { notice } from './templates.ts';

const redisUp = await redisAnswers();

// Two servers on one database, sharing sockets' rooms through Redis: a deployment behind a load balancer.
describe.skipIf(!redisUp)('two instances through Redis', () => {
  const channels = { email: new RecordingChannel(), push: new RecordingChannel() };
  let a: TestApp;
  let b: TestApp;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const overrides: Partial<Config> = {
      redisUrl: TEST_REDIS_URL,
      // A channel prefix of this run's own: other runs may share this Redis.
      redisPrefix: `ft-test-${randomUUID()}`,
      // One secret for both: a token signed by one is accepted by the other.
      jwtSecret: randomBytes(32).toString('hex'),
    };
    a = await startNotificationsApp({ channels, overrides });
    b = await startNotificationsApp({ channels, overrides, databaseUrl: a.databaseUrl, clock: a.clock });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b?.close();
    await a?.close();
  });

  it('stores a dossier event’s notification once and shows it once on a socket of the other instance', async () => {
    const admin = await createAdmin(a);
    const { client, d } = await inEligibilityReview(a);
    const socket = await connect(b.baseUrl, client.token);
    sockets.push(socket);
    const live = collect(socket, 'notification:new');
    await walk(a, d.id, [[admin, { to: 'eligible' }]]);
    await eventually(() =>
      expect(live.map((l) => l.notification.title)).toEqual([expect.stringMatching(/Éligible$/)]),
    );
    await sleep(300);
    expect(live).toHaveLength(1);
    const rows = await a.db
      .selectFrom('notifications')
      .select('id')
      .where('recipientId', '=', client.user.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('notifies once when both instances notify the same event at the same time', async () => {
    const client = await subscribedClient(a);
    const socket = await connect(a.baseUrl, client.token);
    sockets.push(socket);
    const live = collect(socket, 'notification:new');
    const request = {
      recipients: [client.user.id],
      ...notice('reminder', sampleData.reminder),
      link: '/compte',
      eventKey: `test:${randomUUID()}`,
    };
    const results = await Promise.all(
      [a, b, a, b].map((app) => app.app.services.notifications.notifications.notify(request)),
    );
    expect(results.map((r) => r.created).sort()).toEqual([0, 0, 0, 1]);
    await eventually(() => expect(live).toHaveLength(1));
    await sleep(300);
    expect(live).toHaveLength(1);
    const deliveries = await a.db
      .selectFrom('notificationDeliveries')
      .select('channel')
      .where('recipientId', '=', client.user.id)
      .execute();
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'push']);
  });
});
