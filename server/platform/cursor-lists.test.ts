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
/** A list: its path (`:expertId` stands for a listed expert's id), who calls it, and keys of the wrong shape for it. */
type ListRoute = [path: string, as: Caller, wrong: unknown[][]];

const routes: ListRoute[] = [
  ['/api/dossiers', 'client', notAnId],
  ['/api/expert-requests', 'client', notAnId],
  ['/api/admin/users', 'admin', notAnId],
  ['/api/admin/company-join-requests', 'admin', notAnId],
  ['/api/experts/:expertId/reviews', 'public', notAnId],
  ['/api/conversations', 'client', notATimeAndId],
  ['/api/messages/search?q=bonjour', 'client', notATimeAndId],
  [
    '/api/experts?sort=rating',
    'public',
    [
      ['rating', 'x', ID],
      ['rating', '4.5', 'x'],
      ['rating', {}, ID],
      ['experience', 5, ID],
      [ID],
      ['rating', '4.5', ID, 1],
    ],
  ],
  [
    '/api/experts?q=douane',
    'public',
    [
      ['relevance', '4.5', ID],
      ['relevance', 2 ** 40, '4.5', ID],
      ['relevance', 3, 'x', ID],
      ['rating', '4.5', ID],
    ],
  ],
  [
    '/api/experts?sort=experience',
    'public',
    [
      ['experience', 2 ** 40, ID],
      ['experience', 1.5, ID],
      ['experience', 'x', ID],
      ['fee', '10', ID],
    ],
  ],
  [
    '/api/experts?sort=fee',
    'public',
    [
      ['fee', 'ten', ID],
      ['fee', '1e400', ID],
      ['fee', '10', 'x'],
    ],
  ],
  [
    '/api/experts?sort=response',
    'public',
    [
      ['response', '60', ID],
      ['response', 60, ID, ID],
    ],
  ],
];

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

  const get = ([listPath, as]: ListRoute, query: string) => {
    const path = listPath.replace(':expertId', ids.expertId);
    return t.request('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, {
      token: as === 'public' ? undefined : sessions[as].token,
    });
  };

  describe.each(routes)('on GET %s', (...route) => {
    it('serves the first page without one', async () => {
      expect((await get(route, 'limit=1')).status).toBe(200);
    });

    it.each(garbage)('answers 400 INVALID_CURSOR to garbage (%s)', async (bad) => {
      const res = await get(route, `cursor=${encodeURIComponent(bad)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });

    it('answers 400 INVALID_CURSOR to well-formed keys of the wrong shape', async () => {
      for (const key of route[2]) {
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
