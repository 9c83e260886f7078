import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsChanged } from '../../../common/admin-metrics.ts';
import { createAdmin, createDossier, login, registerClient } from '../../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../../tests/support/redis.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import type { Config } from '../../config.ts';
import {
  type ClientSocket,
  collect,
  connect,
  dossierWithExpert,
  emitSend,
  nextEvent,
} from '../messaging/messaging.factories.ts';
import { dashboardLiveTiming, listenerName, metricsChannel } from './dashboard.live.ts';

const redisUp = await redisAnswers();
const { throttleMs, liveEveryMs } = dashboardLiveTiming;

/** One app per describe block, and the sockets its tests open (closed with it). */
function liveApp(overrides: Partial<Config> = {}) {
  let t: TestApp | undefined;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp(overrides);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });
  const app = () => {
    if (!t) throw new Error('the app starts in beforeAll');
    return t;
  };
  const open = async (token: string, on: TestApp = app()) => {
    const socket = await connect(on.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  return { app, open };
}

/**
 * Each area in its own transaction, as the triggers' NOTIFYs of separate changes, all sent in one round trip through
 * a connection of its own. Resolves with when they were sent and how long they took to commit (ms).
 */
async function notify(databaseUrl: string, areas: string[]): Promise<{ sentAt: number; tookMs: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sentAt = performance.now();
    await client.query(
      areas
        .map((area) => `BEGIN; SELECT pg_notify('${metricsChannel}', ${client.escapeLiteral(area)}); COMMIT;`)
        .join(' '),
    );
    return { sentAt, tookMs: performance.now() - sentAt };
  } finally {
    await client.end();
  }
}

const areasOf = (events: MetricsChanged[]) => [...new Set(events.flatMap((e) => e.areas))].sort();

describe('admin:metrics', () => {
  const { app, open } = liveApp();

  it('tells an admin socket at once which area moved', async () => {
    const admin = await createAdmin(app());
    const socket = await open(admin.token);
    // Past the throttle window of any earlier event: this change is the leading edge.
    await sleep(throttleMs);
    const [event, { sentAt }] = await Promise.all([
      nextEvent(socket, 'admin:metrics'),
      notify(app().databaseUrl, ['users']),
    ]);
    // Well before the next batch would go.
    expect(performance.now() - sentAt).toBeLessThan(throttleMs);
    expect(event).toEqual({ areas: ['users'], at: app().clock.now().toISOString() });
  });

  it('sends nothing to the sockets of people who are not admins', async () => {
    const admin = await open((await createAdmin(app())).token);
    const client = await open((await registerClient(app())).token);
    const heardByClient = collect(client, 'admin:metrics');
    await Promise.all([nextEvent(admin, 'admin:metrics'), notify(app().databaseUrl, ['experts'])]);
    await sleep(300);
    expect(heardByClient).toEqual([]);
  });

  it('sends a burst of 50 changes in 100 ms as at most two events carrying every area, within a second', async () => {
    const socket = await open((await createAdmin(app())).token);
    await sleep(throttleMs);
    const heard = collect(socket, 'admin:metrics');
    const areas = ['dossiers', 'amounts', 'sla', 'users', 'simulations'];
    const burst = await notify(
      app().databaseUrl,
      Array.from({ length: 50 }, (_, i) => areas[i % areas.length]!),
    );
    const lastChangeAt = performance.now();
    expect(burst.tookMs).toBeLessThan(100);
    await eventually(() => expect(areasOf(heard)).toEqual([...areas].sort()), 2000);
    expect(performance.now() - lastChangeAt).toBeLessThan(1000);
    await sleep(throttleMs + 300);
    expect(heard.length).toBeLessThanOrEqual(2);
  });

  it('ignores notifications whose payload is not an area', async () => {
    const socket = await open((await createAdmin(app())).token);
    const heard = collect(socket, 'admin:metrics');
    await notify(app().databaseUrl, ['', 'DROP TABLE; --', 'sla']);
    await eventually(() => expect(heard.length).toBeGreaterThan(0));
    await sleep(throttleMs + 300);
    expect(areasOf(heard)).toEqual(['sla']);
  });

  it('tells the admins when a dossier is created through the API', async () => {
    const socket = await open((await createAdmin(app())).token);
    const client = await registerClient(app());
    const moved = nextEvent(socket, 'admin:metrics', (e) => e.areas.includes('dossiers'), 2000);
    await createDossier(app(), client);
    await expect(moved).resolves.toMatchObject({ areas: expect.arrayContaining(['dossiers']) });
  });

  it('listens again after its connection was cut, and has the dashboards read every area again', async () => {
    const socket = await open((await createAdmin(app())).token);
    const db = new pg.Client({ connectionString: app().databaseUrl });
    await db.connect();
    try {
      const cut = await db.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [listenerName],
      );
      expect(cut.rows).toHaveLength(1);
      const catchUp = await nextEvent(socket, 'admin:metrics', (e) => e.areas.length > 1, 5000);
      expect(catchUp.areas).toEqual(['amounts', 'dossiers', 'experts', 'simulations', 'sla', 'users']);
    } finally {
      await db.end();
    }
    const moved = nextEvent(socket, 'admin:metrics', (e) => e.areas.includes('experts'), 3000);
    await notify(app().databaseUrl, ['experts']);
    await expect(moved).resolves.toMatchObject({ areas: ['experts'] });
  });
});

describe('admin:live', () => {
  const { app, open } = liveApp();

  it('gives an admin socket the live figures as it connects, counting each connected person once', async () => {
    const client = await registerClient(app());
    await open(client.token);
    await open(client.token);
    const admin = await createAdmin(app());
    await open(admin.token);
    const socket = await connect(app().baseUrl, admin.token);
    const figures = await nextEvent(socket, 'admin:live');
    socket.close();
    expect(figures).toEqual({ activeUsers: 2, messagesLastHour: 0, at: app().clock.now().toISOString() });
  });

  it('counts the messages of the last hour', async () => {
    const cast = await dossierWithExpert(app());
    const admin = await createAdmin(app());
    const before = await nextEvent(await open(admin.token), 'admin:live');
    const sender = await open(cast.client.token);
    for (const body of ['Bonjour', 'Voici les factures']) {
      expect(await emitSend(sender, cast.conversationId, body)).not.toHaveProperty('error');
    }
    const after = await nextEvent(await open(admin.token), 'admin:live');
    expect(after.messagesLastHour).toBe(before.messagesLastHour + 2);
  });

  it('repeats the figures every few seconds while an admin is connected', async () => {
    const socket = await open((await createAdmin(app())).token);
    const heard = collect(socket, 'admin:live');
    await eventually(() => expect(heard.length).toBeGreaterThanOrEqual(2), liveEveryMs + 1500);
  });

  it('sends no live figures to the sockets of people who are not admins', async () => {
    const client = await open((await registerClient(app())).token);
    const heardByClient = collect(client, 'admin:live');
    const admin = await open((await createAdmin(app())).token);
    // The admin's first figures come as it connects, the next with the periodic send to every admin.
    await nextEvent(admin, 'admin:live');
    await nextEvent(admin, 'admin:live', () => true, liveEveryMs + 1500);
    expect(heardByClient).toEqual([]);
  });

  it('leaves out the messages sent more than an hour ago', async () => {
    const cast = await dossierWithExpert(app());
    expect(await emitSend(await open(cast.client.token), cast.conversationId, 'Bonjour')).not.toHaveProperty(
      'error',
    );
    app().clock.advance(61 * 60_000);
    // The earlier access token expired with the hour.
    const admin = await login(app(), (await createAdmin(app())).user.email);
    const figures = await nextEvent(await open(admin.token), 'admin:live');
    expect(figures.messagesLastHour).toBe(0);
  });
});

for (const withRedis of [false, ...(redisUp ? [true] : [])]) {
  describe(`two instances on one database ${withRedis ? 'with' : 'without'} Redis`, () => {
    const overrides: Partial<Config> = {
      // One secret for both: a token signed by one is accepted by the other.
      jwtSecret: randomBytes(32).toString('hex'),
      ...(withRedis ? { redisUrl: TEST_REDIS_URL, redisPrefix: `ft-test-${randomUUID()}` } : {}),
    };
    const { app: a, open } = liveApp(overrides);
    let b: TestApp | undefined;
    const other = () => b!;
    beforeAll(async () => {
      b = await startTestApp(overrides, { databaseUrl: a().databaseUrl, clock: a().clock });
    });
    afterAll(() => b?.close());

    it('tells each instance’s own admin sockets once about one change', async () => {
      const admin = await createAdmin(a());
      const onA = await open(admin.token);
      const onB = await open(admin.token, other());
      const heard = [collect(onA, 'admin:metrics'), collect(onB, 'admin:metrics')];
      await notify(a().databaseUrl, ['dossiers']);
      await eventually(() => expect(heard.map((h) => h.length)).toEqual([1, 1]));
      await sleep(throttleMs + 300);
      expect(heard.map((h) => h.flatMap((e) => e.areas))).toEqual([['dossiers'], ['dossiers']]);
    });

    it.runIf(withRedis)('counts the people connected to either instance', async () => {
      await open((await registerClient(a())).token, other());
      const admin = await createAdmin(a());
      const figures = await nextEvent(await open(admin.token), 'admin:live');
      // The admin of the test before is still connected to both.
      expect(figures.activeUsers).toBe(3);
    });
  });
}
