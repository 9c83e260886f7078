import { describe, expect, it } from 'vitest';
import { approvedExpert, type Session, transition } from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { assignedDossier, dossierCast, eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { requestExpert } from '../experts/experts.factories.ts';

// The tests travel days ahead: the cast's access tokens must outlive the trip.
const { t, cast } = appWith(dossierCast, { overrides: { accessTokenTtlSeconds: 30 * 86_400 } });

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;

const list = (path: string, query = '', who: Session = cast.admin) =>
  t.request('GET', `/api/admin/assignments/${path}${query ? `?${query}` : ''}`, { token: who.token });

/** Every item of a list, page after page of `limit`, with the number of pages read. */
async function everyPage<T>(
  path: string,
  query: string,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await list(path, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
const only = (ids: string[], among: string[]) => ids.filter((id) => among.includes(id));

/** An approved expert of this product and region, with this capacity. */
async function expertWith(t: TestApp, profile: { product: string; region: string; capacity: number }) {
  const expert = await approvedExpert(t, cast.admin, {
    lastName: `Charge${profile.capacity}`,
    expert: { specialties: [profile.product], regions: [profile.region], languages: ['fr'], bio: '' },
  });
  const res = await t.request('PATCH', '/api/experts/me', {
    token: expert.token,
    body: { capacity: profile.capacity },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return expert;
}

describe('GET /api/admin/assignments/unassigned', () => {
  it('lists an eligible dossier without expert, with the time since it became eligible', async () => {
    const { dossierId } = await eligibleDossier(t, cast.admin);
    const eligibleAt = t.clock.now();
    t.clock.advance(minutes(90));
    const { items } = await everyPage<{ id: string; eligibleSince: string; ageMinutes: number }>(
      'unassigned',
      '',
      100,
    );
    expect(items.find((d) => d.id === dossierId)).toMatchObject({
      eligibleSince: eligibleAt.toISOString(),
      ageMinutes: 90,
    });
  });

  it('leaves out a dossier with an open expert request, and one with an expert', async () => {
    const { client, dossierId: requested } = await eligibleDossier(t, cast.admin);
    await requestExpert(t, client, requested, cast.expert);
    const { d: assigned } = await assignedDossier(t, cast.admin, cast.expert);
    const ids = idsOf((await everyPage<{ id: string }>('unassigned', '', 100)).items);
    expect(ids).not.toContain(requested);
    expect(ids).not.toContain(assigned.id);
  });

  it('puts the longest waiting first', async () => {
    const { dossierId: older } = await eligibleDossier(t, cast.admin);
    t.clock.advance(minutes(5));
    const { dossierId: newer } = await eligibleDossier(t, cast.admin);
    const ids = idsOf((await everyPage<{ id: string }>('unassigned', '', 100)).items);
    expect(only(ids, [older, newer])).toEqual([older, newer]);
  });

  it('pages without gaps or repeats', async () => {
    for (let i = 0; i < 3; i++) {
      await eligibleDossier(t, cast.admin);
      t.clock.advance(minutes(1));
    }
    const whole = await everyPage<{ id: string }>('unassigned', '', 100);
    const paged = await everyPage<{ id: string }>('unassigned', '', 2);
    expect(paged.pages).toBeGreaterThan(1);
    expect(idsOf(paged.items)).toEqual(idsOf(whole.items));
  });
});

describe('GET /api/admin/assignments/requests', () => {
  it('lists a pending request with its age and its 48 h deadline', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const requestedAt = t.clock.now();
    const request = await requestExpert(t, client, dossierId, cast.expert);
    t.clock.advance(hours(3));
    const { items } = await everyPage<{ id: string }>('requests', '', 100);
    expect(items.find((r) => r.id === request.id)).toMatchObject({
      dossier: { id: dossierId },
      expert: { id: cast.expert.user.id },
      requestedAt: requestedAt.toISOString(),
      ageMinutes: 180,
      deadline: new Date(requestedAt.getTime() + hours(48)).toISOString(),
      late: false,
    });
  });

  it('marks a request past its deadline late', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const request = await requestExpert(t, client, dossierId, cast.otherExpert);
    t.clock.advance(hours(48) + minutes(1));
    const { items } = await everyPage<{ id: string; late: boolean }>('requests', '', 100);
    expect(items.find((r) => r.id === request.id)?.late).toBe(true);
  });

  it('leaves out an answered request', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const request = await requestExpert(t, client, dossierId, cast.expert);
    const declined = await t.request('POST', `/api/expert-requests/${request.id}/decline`, {
      token: cast.expert.token,
      body: { reason: 'Agenda complet' },
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const ids = idsOf((await everyPage<{ id: string }>('requests', '', 100)).items);
    expect(ids).not.toContain(request.id);
  });

  it('puts the oldest first and pages without gaps or repeats', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { client, dossierId } = await eligibleDossier(t, cast.admin);
      made.push((await requestExpert(t, client, dossierId, cast.expert)).id);
      t.clock.advance(minutes(1));
    }
    const whole = await everyPage<{ id: string }>('requests', '', 100);
    const paged = await everyPage<{ id: string }>('requests', '', 2);
    expect(only(idsOf(whole.items), made)).toEqual(made);
    expect(idsOf(paged.items)).toEqual(idsOf(whole.items));
  });
});

describe('GET /api/admin/assignments/experts', () => {
  type Load = { id: string; activeLoad: number; capacity: number; state: string; specialties: string[] };

  it('shows an expert’s active dossiers against their capacity', async () => {
    const expert = await expertWith(t, { product: 'TICPE', region: 'bretagne', capacity: 2 });
    const { d } = await assignedDossier(t, cast.admin, expert);
    await transition(t, expert, d.id, { to: 'expert_assigned' });
    const { items } = await everyPage<Load>('experts', 'region=bretagne', 100);
    expect(items.find((e) => e.id === expert.user.id)).toMatchObject({
      activeLoad: 1,
      capacity: 2,
      state: 'available',
    });
  });

  it('marks an expert above capacity overloaded, and one at capacity full', async () => {
    const overloaded = await expertWith(t, { product: 'TICPE', region: 'corse', capacity: 1 });
    const { d } = await assignedDossier(t, cast.admin, overloaded);
    await transition(t, overloaded, d.id, { to: 'expert_assigned' });
    await t.request('PATCH', '/api/experts/me', { token: overloaded.token, body: { capacity: 0 } });
    const full = await expertWith(t, { product: 'TICPE', region: 'corse', capacity: 0 });
    const { items } = await everyPage<Load>('experts', 'region=corse', 100);
    expect(items.find((e) => e.id === overloaded.user.id)?.state).toBe('overloaded');
    expect(items.find((e) => e.id === full.user.id)?.state).toBe('full');
  });

  it('filters by product and region', async () => {
    const wanted = await expertWith(t, { product: 'DFS', region: 'guyane', capacity: 3 });
    const otherProduct = await expertWith(t, { product: 'TICPE', region: 'guyane', capacity: 3 });
    const otherRegion = await expertWith(t, { product: 'DFS', region: 'mayotte', capacity: 3 });
    const { items } = await everyPage<Load & { regions: string[] }>(
      'experts',
      'product=DFS&region=guyane',
      100,
    );
    expect(idsOf(items)).toContain(wanted.user.id);
    expect(idsOf(items)).not.toContain(otherProduct.user.id);
    expect(idsOf(items)).not.toContain(otherRegion.user.id);
    expect(items.every((e) => e.specialties.includes('DFS') && e.regions.includes('guyane'))).toBe(true);
  });

  it.each(['load_desc', 'load_asc'] as const)(
    'sorts by load (%s) and pages without gaps or repeats',
    async (sort) => {
      const ratios = (items: Load[]) => items.map((e) => e.activeLoad / Math.max(e.capacity, 1));
      const whole = await everyPage<Load>('experts', `sort=${sort}`, 100);
      const paged = await everyPage<Load>('experts', `sort=${sort}`, 2);
      expect(paged.pages).toBeGreaterThan(1);
      expect(idsOf(paged.items)).toEqual(idsOf(whole.items));
      const sorted = ratios(whole.items).toSorted((a, b) => (sort === 'load_desc' ? b - a : a - b));
      expect(ratios(whole.items)).toEqual(sorted);
    },
  );

  it('sorts by name and pages without gaps or repeats', async () => {
    const whole = await everyPage<Load & { lastName: string }>('experts', 'sort=name', 100);
    const paged = await everyPage<Load>('experts', 'sort=name', 2);
    expect(paged.pages).toBeGreaterThan(1);
    expect(idsOf(paged.items)).toEqual(idsOf(whole.items));
    const names = whole.items.map((e) => e.lastName);
    expect(names).toEqual(names.toSorted());
  });

  it('leaves out experts awaiting approval', async () => {
    const ids = idsOf((await everyPage<Load>('experts', '', 100)).items);
    expect(ids).not.toContain(cast.pendingExpert.user.id);
  });
});

describe('access and input', () => {
  it.each(['unassigned', 'requests', 'experts'])('GET %s is for admins only', async (path) => {
    expect((await list(path, '', cast.clientA)).status).toBe(403);
    expect((await list(path, '', cast.expert)).status).toBe(403);
    expect((await t.request('GET', `/api/admin/assignments/${path}`)).status).toBe(401);
  });

  it.each(['unassigned', 'requests', 'experts'])('GET %s refuses a forged cursor', async (path) => {
    const res = await list(path, `cursor=${Buffer.from('["nope"]').toString('base64url')}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('refuses a cursor of another sort of the experts', async () => {
    const first = await list('experts', 'sort=name&limit=1');
    const res = await list('experts', `sort=load_desc&cursor=${first.body.nextCursor}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it.each([
    ['unassigned', 'limit=0'],
    ['requests', 'limit=101'],
    ['experts', 'sort=rating'],
    ['experts', 'region=atlantide'],
    ['experts', 'product=TICPE;DROP'],
  ])('GET %s?%s is a validation error', async (path, query) => {
    const res = await list(path, query);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});
