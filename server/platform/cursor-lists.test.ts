import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, registerClient, type Session } from '../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { douaneExpert } from '../modules/experts/experts.factories.ts';

/**
 * Every list that pages with a cursor refuses a cursor it did not write: garbage, and well-formed keys of the wrong
 * shape (which used to reach PostgreSQL and answer 500).
 */
const ID = '0190a0a0-0000-7000-8000-000000000001';
const AT = '2026-06-01T08:00:00.000Z';
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

const garbage = ['!!!', 'bm9wZQ', cursor({ id: ID }), cursor([])];
const notAnId = [[{}], ['x'], [42], [AT], [ID, ID], [null]];
const notATimeAndId = [[42, ID], ['x', ID], [AT, 'x'], [AT, {}], [ID], [AT, ID, 1]];

type Caller = 'admin' | 'client' | 'public';
type ListRoute = {
  path: (ids: { expertId: string; conversationId: string }) => string;
  as: Caller;
  wrong: unknown[][];
};

const routes: Record<string, ListRoute> = {
  'GET /api/dossiers': { path: () => '/api/dossiers', as: 'client', wrong: notAnId },
  'GET /api/expert-requests': { path: () => '/api/expert-requests', as: 'client', wrong: notAnId },
  'GET /api/admin/users': { path: () => '/api/admin/users', as: 'admin', wrong: notAnId },
  'GET /api/admin/company-join-requests': {
    path: () => '/api/admin/company-join-requests',
    as: 'admin',
    wrong: notAnId,
  },
  'GET /api/experts/:id/reviews': {
    path: (ids) => `/api/experts/${ids.expertId}/reviews`,
    as: 'public',
    wrong: notAnId,
  },
  'GET /api/conversations': { path: () => '/api/conversations', as: 'client', wrong: notATimeAndId },
  'GET /api/messages/search': {
    path: () => '/api/messages/search?q=bonjour',
    as: 'client',
    wrong: notATimeAndId,
  },
  'GET /api/experts (rating)': {
    path: () => '/api/experts?sort=rating',
    as: 'public',
    wrong: [
      ['rating', 'x', ID],
      ['rating', '4.5', 'x'],
      ['rating', {}, ID],
      ['experience', 5, ID],
      [ID],
      ['rating', '4.5', ID, 1],
    ],
  },
  'GET /api/experts (relevance)': {
    path: () => '/api/experts?q=douane',
    as: 'public',
    wrong: [
      ['relevance', '4.5', ID],
      ['relevance', 2 ** 40, '4.5', ID],
      ['relevance', 3, 'x', ID],
      ['rating', '4.5', ID],
    ],
  },
  'GET /api/experts (experience)': {
    path: () => '/api/experts?sort=experience',
    as: 'public',
    wrong: [
      ['experience', 2 ** 40, ID],
      ['experience', 1.5, ID],
      ['experience', 'x', ID],
      ['fee', '10', ID],
    ],
  },
  'GET /api/experts (fee)': {
    path: () => '/api/experts?sort=fee',
    as: 'public',
    wrong: [
      ['fee', 'ten', ID],
      ['fee', '1e400', ID],
      ['fee', '10', 'x'],
    ],
  },
  'GET /api/experts (response)': {
    path: () => '/api/experts?sort=response',
    as: 'public',
    wrong: [
      ['response', '60', ID],
      ['response', 60, ID, ID],
    ],
  },
};

describe('a malformed pagination cursor', () => {
  let t: TestApp;
  let sessions: Record<Exclude<Caller, 'public'>, Session>;
  let ids: { expertId: string; conversationId: string };
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createAdmin(t);
    const client = await registerClient(t);
    const expert = await douaneExpert(t, admin);
    const conversation = await t.request('POST', '/api/conversations', {
      token: client.token,
      body: { userId: expert.user.id },
    });
    expect(conversation.status, JSON.stringify(conversation.body)).toBe(201);
    sessions = { admin, client };
    ids = { expertId: expert.user.id, conversationId: conversation.body.id };
  });
  afterAll(() => t.close());

  const get = (route: ListRoute, query: string) => {
    const path = route.path(ids);
    return t.request('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, {
      token: route.as === 'public' ? undefined : sessions[route.as].token,
    });
  };

  describe.each(Object.entries(routes))('on %s', (_name, route) => {
    it('serves the first page without one', async () => {
      expect((await get(route, 'limit=1')).status).toBe(200);
    });

    it.each(garbage)('answers 400 INVALID_CURSOR to garbage (%s)', async (bad) => {
      const res = await get(route, `cursor=${encodeURIComponent(bad)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });

    it('answers 400 INVALID_CURSOR to well-formed keys of the wrong shape', async () => {
      for (const key of route.wrong) {
        const res = await get(route, `cursor=${cursor(key)}`);
        expect([res.status, res.body.error?.code], JSON.stringify(key)).toEqual([400, 'INVALID_CURSOR']);
      }
    });
  });

  describe('on GET /api/conversations/:id/messages', () => {
    it('answers 400 to a `before` that is no sequence number', async () => {
      for (const before of ['x', '-1', '1.5', cursor([ID])]) {
        const res = await t.request(
          'GET',
          `/api/conversations/${ids.conversationId}/messages?before=${before}`,
          {
            token: sessions.client.token,
          },
        );
        expect([res.status, res.body.error?.code], before).toEqual([400, 'VALIDATION_ERROR']);
      }
    });
  });
});
