import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appWithAdmin,
  createDossier,
  login,
  registerClient,
  registerExpert,
  type Session,
  uniqueSiren,
} from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();

/** A word no other test uses: each test finds its own people by it. */
const newTag = () => `zq${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

type Listed = { id: string; role: string; status: string; lastName: string };

/** The admin's token: a new one once a test has moved the clock past the first one's life. */
let adminToken: string | undefined;
const token = () => adminToken ?? admin.token;

const list = async (query: string) => {
  const res = await t.request('GET', `/api/admin/users?${query}`, { token: token() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Listed[]; nextCursor: string | null };
};
const idsOf = async (query: string) => (await list(query)).items.map((u) => u.id).sort();
const sorted = (...sessions: Session[]) => sessions.map((s) => s.user.id).sort();

const companyOf = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  siren: uniqueSiren(),
  sector: 'transport_routier',
  size: '10-49',
  region: 'bretagne',
  ...overrides,
});

describe('GET /api/admin/users: search', () => {
  it('finds a name typed without its accents', async () => {
    const tag = newTag();
    const user = await registerClient(t, { firstName: 'Héloïse', lastName: `Lefèvre${tag}` });
    expect(await idsOf(`q=heloise lefevre${tag}`)).toEqual(sorted(user));
  });

  it('finds each word by its start, as the admin types', async () => {
    const tag = newTag();
    const user = await registerExpert(t, { lastName: `Tavernier${tag}` });
    expect(await idsOf(`q=${`tavernier${tag}`.slice(0, 12)}`)).toEqual(sorted(user));
  });

  it('finds a user by a part of the e-mail address', async () => {
    const tag = newTag();
    const user = await registerClient(t, { email: `jeanne.${tag}@exemple.fr` });
    expect(await idsOf(`q=${tag}`)).toEqual(sorted(user));
    expect(await idsOf(`q=jeanne.${tag}@exemple.fr`)).toEqual(sorted(user));
  });

  it('finds the clients of a company by its name', async () => {
    const tag = newTag();
    const user = await registerClient(t, { company: companyOf(`Transports Rhône ${tag}`) });
    expect(await idsOf(`q=transports rhone ${tag}`)).toEqual(sorted(user));
  });

  it('finds a client by the SIREN of its company, typed in groups', async () => {
    const siren = uniqueSiren();
    const user = await registerClient(t, { company: companyOf('Laiterie', { siren }) });
    const grouped = `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`;
    expect(await idsOf(`q=${encodeURIComponent(grouped)}`)).toEqual(sorted(user));
  });

  it('finds only those who have every word typed', async () => {
    const tag = newTag();
    const both = await registerClient(t, { firstName: 'Yvonne', lastName: tag });
    await registerClient(t, { firstName: 'Paul', lastName: tag });
    expect(await idsOf(`q=yvonne ${tag}`)).toEqual(sorted(both));
  });

  it('finds a renamed user by the new name only', async () => {
    const tag = newTag();
    const user = await registerClient(t, { lastName: `Avant${tag}` });
    await t.db
      .updateTable('users')
      .set({ lastName: `Apres${tag}` })
      .where('id', '=', user.user.id)
      .execute();
    expect(await idsOf(`q=avant${tag}`)).toEqual([]);
    expect(await idsOf(`q=apres${tag}`)).toEqual(sorted(user));
  });
});

describe('GET /api/admin/users: filters', () => {
  it('filters by role and status', async () => {
    const tag = newTag();
    const pending = await registerExpert(t, { lastName: tag });
    await registerClient(t, { lastName: tag });
    expect(await idsOf(`q=${tag}&role=expert&status=pending`)).toEqual(sorted(pending));
  });

  it('filters by region: a client’s company region or one of an expert’s regions', async () => {
    const tag = newTag();
    const client = await registerClient(t, {
      lastName: tag,
      company: companyOf('Alpha', { region: 'corse' }),
    });
    const expert = await registerExpert(t, {
      lastName: tag,
      expert: { specialties: ['TICPE'], regions: ['bretagne', 'corse'], languages: ['fr'], bio: '' },
    });
    await registerClient(t, { lastName: tag, company: companyOf('Beta', { region: 'normandie' }) });
    expect(await idsOf(`q=${tag}&region=corse`)).toEqual(sorted(client, expert));
  });

  it('filters by product: an expert’s specialty, or a product the client’s company has a dossier of', async () => {
    const tag = newTag();
    const client = await registerClient(t, { lastName: tag });
    await createDossier(t, client, 'URSSAF');
    const expert = await registerExpert(t, {
      lastName: tag,
      expert: { specialties: ['URSSAF'], regions: ['corse'], languages: ['fr'], bio: '' },
    });
    const other = await registerClient(t, { lastName: tag });
    await createDossier(t, other, 'TICPE');
    expect(await idsOf(`q=${tag}&product=URSSAF`)).toEqual(sorted(client, expert));
  });

  it('filters by registration day, Paris days both included', async () => {
    const tag = newTag();
    // 08:00 UTC is 10:00 in Paris: 13 h 30 later it is 23:30 in Paris, an hour later the next Paris day.
    t.clock.advance(13.5 * 3_600_000);
    const lateEvening = await registerClient(t, { lastName: tag });
    t.clock.advance(3_600_000);
    const nextDay = await registerClient(t, { lastName: tag });
    const day = (at: Date) => at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    const first = day(new Date(lateEvening.user.createdAt));
    const second = day(new Date(nextDay.user.createdAt));
    expect(second > first).toBe(true);
    adminToken = (await login(t, admin.user.email)).token;
    const ids = (query: string) => idsOf(`q=${tag}&${query}`);
    expect(await ids(`createdTo=${first}`)).toEqual(sorted(lateEvening));
    expect(await ids(`createdFrom=${second}`)).toEqual(sorted(nextDay));
    expect(await ids(`createdFrom=${first}&createdTo=${second}`)).toEqual(sorted(lateEvening, nextDay));
  });
});

describe('GET /api/admin/users: bad input', () => {
  it.each([
    ['role=superuser', 'role'],
    ['status=gone', 'status'],
    ['region=atlantis', 'region'],
    ['product=not a code', 'product'],
    ['createdFrom=2026-13-01', 'createdFrom'],
    ['createdFrom=2026-06-02&createdTo=2026-06-01', 'createdTo'],
    ['sort=random', 'sort'],
    ['limit=0', 'limit'],
    [`q=${'a'.repeat(101)}`, 'q'],
    ['q=%01', 'q'],
  ])('refuses %s', async (query) => {
    const res = await t.request('GET', `/api/admin/users?${query}`, { token: token() });
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('refuses a cursor of another order', async () => {
    const tag = newTag();
    await Promise.all([registerClient(t, { lastName: tag }), registerClient(t, { lastName: tag })]);
    const { nextCursor } = await list(`q=${tag}&limit=1&sort=name`);
    const res = await t.request('GET', `/api/admin/users?q=${tag}&limit=1&sort=newest&cursor=${nextCursor}`, {
      token: token(),
    });
    expect([res.status, res.body.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('is closed to clients and experts', async () => {
    const client = await registerClient(t);
    const expert = await registerExpert(t);
    expect((await t.request('GET', '/api/admin/users', { token: client.token })).status).toBe(403);
    expect((await t.request('GET', '/api/admin/users', { token: expert.token })).status).toBe(403);
  });

  it('is closed to visitors', async () => {
    expect((await t.request('GET', '/api/admin/users')).status).toBe(401);
  });
});
