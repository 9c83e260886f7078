import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, PASSWORD } from '../../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../../tests/support/redis.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import { buildApp } from '../../app.ts';
import { type Config, loadConfig } from '../../config.ts';
import { createDb, type Db } from '../../db/pool.ts';
import {
  type ClientSocket,
  collect,
  connect,
  disconnection,
  dossierWithExpert,
  emitSend,
  expectLogoutEnds,
  nextEvent,
} from './messaging.factories.ts';

const redisUp = await redisAnswers();

// Two servers on one database, sharing rooms through Redis: what a deployment behind a load balancer does.
describe.skipIf(!redisUp)('two instances through Redis', () => {
  let a: TestApp;
  let b: { app: FastifyInstance; db: Db; baseUrl: string };
  let dataDir: string;
  const sockets: ClientSocket[] = [];
  const open = async (baseUrl: string, token: string) => {
    const socket = await connect(baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-messaging-redis-'));
    // A channel prefix of our own: other runs may share this Redis.
    const overrides: Partial<Config> = {
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `ft-test-${randomUUID()}`,
      dataDir,
      // One secret for both instances: a token signed by one is accepted by the other.
      jwtSecret: randomBytes(32).toString('hex'),
    };
    a = await startTestApp(overrides);
    const { db, pool } = createDb(a.databaseUrl, 5);
    const config: Config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      authRateLimitPerMinute: 1000,
      ...overrides,
    };
    const app = await buildApp({
      config,
      db,
      pool,
      sessionDatabaseUrl: a.databaseUrl,
      clock: a.clock,
      clientDir: null,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    b = { app, db, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b?.app.close();
    await b?.db.destroy();
    await a?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers a message sent on one instance to sockets on the other, in both directions', async () => {
    const c = await dossierWithExpert(a);
    const client = await open(a.baseUrl, c.client.token);
    const expert = await open(b.baseUrl, c.expert.token);
    const outsider = await open(b.baseUrl, c.outsider.token);
    const leaked = collect(outsider, 'message:new');

    const atB = nextEvent(expert, 'message:new');
    const ack = await emitSend(client, c.conversationId, 'Envoyé sur A');
    expect((await atB).id).toBe(ack.id);

    const atA = nextEvent(client, 'message:new');
    const viaB = await fetch(`${b.baseUrl}/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.expert.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientKey: randomUUID(), body: 'Répondu sur B' }),
    });
    expect(viaB.status).toBe(201);
    const received = await atA;
    expect(received).toMatchObject({ body: 'Répondu sur B', seq: 2 });

    const receipt = nextEvent(expert, 'message:read');
    await client.timeout(4000).emitWithAck('message:read', { conversationId: c.conversationId, seq: 2 });
    expect(await receipt).toMatchObject({ userId: c.client.user.id, seq: 2 });
    await sleep(150);
    expect(leaked).toEqual([]);
  });

  it('keeps ordering and completeness with senders on both instances', async () => {
    const c = await dossierWithExpert(a);
    const client = await open(a.baseUrl, c.client.token);
    const expert = await open(b.baseUrl, c.expert.token);
    const watcherA = collect(await open(a.baseUrl, c.client.token), 'message:new');
    const watcherB = collect(await open(b.baseUrl, c.expert.token), 'message:new');
    const acks = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => emitSend(client, c.conversationId, `A ${i}`)),
      ...Array.from({ length: 20 }, (_, i) => emitSend(expert, c.conversationId, `B ${i}`)),
    ]);
    expect(acks.map((x) => x.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await eventually(() => {
      expect(watcherA).toHaveLength(40);
      expect(watcherB).toHaveLength(40);
    });
    expect(new Set(watcherB.map((m) => m.id)).size).toBe(40);
  });

  it('joins rooms, tracks presence and disconnects suspended users across instances', async () => {
    const c = await dossierWithExpert(a);
    const client = await open(a.baseUrl, c.client.token);
    const presence = collect(client, 'presence');
    const expertOnB = await open(b.baseUrl, c.expert.token);
    await eventually(() =>
      expect(presence).toContainEqual({ userId: c.expert.user.id, online: true, lastSeenAt: null }),
    );
    // A second device of the expert, on the other instance: closing one tab is not going offline.
    const expertOnA = await open(a.baseUrl, c.expert.token);
    const state = await client.timeout(4000).emitWithAck('presence:query', { userIds: [c.expert.user.id] });
    expect(state).toEqual([{ userId: c.expert.user.id, online: true, lastSeenAt: null }]);
    presence.length = 0;
    expertOnA.close();
    await sleep(400);
    expect(presence).toEqual([]);

    // A direct conversation created on A: the expert's socket on B is put in its room.
    const other = await open(b.baseUrl, c.otherExpert.token);
    const created = await a.request('POST', '/api/conversations', {
      token: c.client.token,
      body: { userId: c.otherExpert.user.id },
    });
    expect(created.status).toBe(201);
    const live = nextEvent(other, 'message:new');
    await emitSend(client, created.body.id, 'Bonjour depuis A');
    expect((await live).body).toBe('Bonjour depuis A');

    // Suspended on A: disconnected on B, and refused there from then on.
    const conversationsOnB = () =>
      fetch(`${b.baseUrl}/api/conversations`, { headers: { authorization: `Bearer ${c.expert.token}` } });
    expect((await conversationsOnB()).status).toBe(200);
    const gone = disconnection(expertOnB);
    const res = await a.request('POST', `/api/admin/users/${c.expert.user.id}/suspend`, {
      token: c.admin.token,
      body: { reason: 'Contrôle' },
    });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await eventually(async () => expect((await conversationsOnB()).status).toBe(401));
    await eventually(() =>
      expect(presence.at(-1)).toMatchObject({ userId: c.expert.user.id, online: false }),
    );
  });

  it('disconnects a session’s sockets on every instance at logout, leaving its other sessions', async () => {
    const c = await dossierWithExpert(a);
    const other = await login(a, c.client.user.email, PASSWORD);
    const [onA, onB, otherOnB] = await Promise.all([
      open(a.baseUrl, c.client.token),
      open(b.baseUrl, c.client.token),
      open(b.baseUrl, other.token),
    ]);
    await expectLogoutEnds(a, c.client, { told: onB, ending: [onA, onB], staying: otherOnB });
  });

  it('tells a socket opening on one instance of a message sent through the other since its page read its data', async () => {
    const c = await dossierWithExpert(a);
    // The set-up's own events are over, and the clock (both instances') past the allowance for clocks apart.
    await sleep(1000);
    a.clock.advance(5000);
    const since = a.clock.now().getTime();
    const quiet = await open(a.baseUrl, c.client.token);
    expect(await quiet.timeout(4000).emitWithAck('sync:missed', { since })).toEqual({ missed: false });
    quiet.close();

    const posted = await b.app.inject({
      method: 'POST',
      url: `/api/conversations/${c.conversationId}/messages`,
      headers: { authorization: `Bearer ${c.expert.token}` },
      payload: { clientKey: randomUUID(), body: 'Envoyé par l’autre instance', attachmentIds: [] },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const late = await open(a.baseUrl, c.client.token);
    expect(await late.timeout(4000).emitWithAck('sync:missed', { since })).toEqual({ missed: true });
  });
});
