import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import {
  approvedExpert,
  appWithAdmin,
  createAdmin,
  registerClient,
  registerExpert,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import { recordAudit } from '../../platform/audit.ts';

const { t, admin } = appWithAdmin();

type Entry = {
  id: string;
  action: string;
  entityId: string;
  actor: { id: string } | null;
  createdAt: string;
};

const list = (query: string, token = admin.token) =>
  t.request<{ items: Entry[]; nextCursor: string | null; error: { code: string } }>(
    'GET',
    `/api/admin/audit?${query}`,
    { token },
  );

/** An audit row about a new entity of its own, at `at`, so that a test filters on what it wrote alone. */
async function auditRow(
  overrides: { action?: string; actorId?: string | null; at?: Date; after?: unknown } = {},
) {
  const entityId = randomUUID();
  await recordAudit(t.db, {
    actorId: overrides.actorId === undefined ? admin.user.id : overrides.actorId,
    action: overrides.action ?? 'test.done',
    entityType: 'test_entity',
    entityId,
    after: overrides.after,
    at: overrides.at ?? t.clock.now(),
  });
  return entityId;
}

/** The CSV answered by the export: its rows as cells, parsed with the quoting rules of RFC 4180 and `;`. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted || (c !== '"' && c !== ';' && !(c === '\r' && text[i + 1] === '\n'))) cell += c;
    else if (c === '"') quoted = true;
    else {
      row.push(cell);
      cell = '';
      if (c === '\r') {
        rows.push(row);
        row = [];
        i++;
      }
    }
  }
  return rows;
}

/** The export's answer; its text keeps the byte order mark (which `Response.text()` would drop). */
const exportCsv = async (query: string, token = admin.token) => {
  const res = await fetch(`${t.baseUrl}/api/admin/audit/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
};

describe('GET /api/admin/audit', () => {
  it('shows who did what to whom, newest first, with the user’s name', async () => {
    const expert = await approvedExpert(t, admin, { lastName: 'Auditée' });
    const res = await list(`entityType=user&entityId=${expert.user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e) => e.action)).toEqual(['user.approve', 'user.registered']);
    expect(res.body.items[0]).toMatchObject({
      actor: { id: admin.user.id, email: admin.user.email, role: 'admin' },
      entityLabel: `${expert.user.firstName} Auditée`,
      before: { status: 'pending' },
      after: { status: 'active' },
    });
  });

  it('names a dossier by its reference', async () => {
    const client = await registerClient(t);
    const dossier = await t.request('POST', '/api/dossiers', {
      token: client.token,
      body: { productCode: 'TICPE' },
    });
    const res = await list(`entityType=dossier&entityId=${dossier.body.id}`);
    expect(res.body.items[0]).toMatchObject({
      action: 'dossier.created',
      entityLabel: dossier.body.reference,
    });
  });

  it('filters by actor', async () => {
    const other = await createAdmin(t);
    await auditRow({ actorId: other.user.id });
    const res = await list(`actorId=${other.user.id}`);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e) => e.actor?.id === other.user.id)).toBe(true);
  });

  it('filters by action', async () => {
    const action = `test.only_${randomUUID()
      .slice(0, 8)
      .replace(/[^a-z]/g, 'x')}`;
    const entityId = await auditRow({ action });
    await auditRow();
    const res = await list(`action=${action}`);
    expect(res.body.items.map((e) => e.entityId)).toEqual([entityId]);
  });

  it('filters by entity type alone', async () => {
    await auditRow();
    const res = await list('entityType=test_entity&limit=100');
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every((e) => (e as unknown as { entityType: string }).entityType === 'test_entity'),
    ).toBe(true);
  });

  it('filters by period in Paris days, both ends included', async () => {
    const action = 'test.period';
    const lastOfJune2 = await auditRow({ action, at: new Date('2025-06-02T21:59:59Z') }); // 23:59:59 in Paris
    const firstOfJune3 = await auditRow({ action, at: new Date('2025-06-02T22:00:00Z') }); // midnight in Paris
    const lastOfJune4 = await auditRow({ action, at: new Date('2025-06-04T21:59:59Z') });
    await auditRow({ action, at: new Date('2025-06-04T22:00:00Z') });
    const res = await list(`action=${action}&from=2025-06-03&to=2025-06-04`);
    expect(res.body.items.map((e) => e.entityId)).toEqual([lastOfJune4, firstOfJune3]);
    const june2 = await list(`action=${action}&from=2025-06-02&to=2025-06-02`);
    expect(june2.body.items.map((e) => e.entityId)).toEqual([lastOfJune2]);
  });

  it('pages with a cursor through every row once, newest first', async () => {
    const action = 'test.paging';
    const written: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Two rows share each instant: the id breaks the tie.
      written.push(await auditRow({ action, at: new Date(Date.UTC(2025, 0, 1 + (i >> 1))) }));
    }
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`action=${action}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.entityId).sort()).toEqual([...written].sort());
    const keys = seen.map((e) => [e.createdAt, e.id].join(' '));
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('answers 422 AUDIT_PERIOD_INVALID when the period ends before it starts', async () => {
    const res = await list('from=2025-06-04&to=2025-06-03');
    expect([res.status, res.body.error.code]).toEqual([422, 'AUDIT_PERIOD_INVALID']);
  });

  it('answers 422 AUDIT_ENTITY_TYPE_REQUIRED for an entity id without its type', async () => {
    const res = await list(`entityId=${randomUUID()}`);
    expect([res.status, res.body.error.code]).toEqual([422, 'AUDIT_ENTITY_TYPE_REQUIRED']);
  });

  it('answers 400 VALIDATION_ERROR for a date that is not one', async () => {
    const res = await list('from=2025-02-30');
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('answers 400 INVALID_CURSOR for a forged cursor', async () => {
    const res = await list('cursor=bm90LWEtY3Vyc29y');
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('is closed to clients and experts', async () => {
    const client = await registerClient(t);
    const expert = await registerExpert(t);
    for (const path of ['', '/facets', '/actors?q=a', '/export']) {
      expect((await t.request('GET', `/api/admin/audit${path}`, { token: client.token })).status).toBe(403);
      expect((await t.request('GET', `/api/admin/audit${path}`, { token: expert.token })).status).toBe(403);
    }
  });

  it('is closed to visitors', async () => {
    expect((await t.request('GET', '/api/admin/audit')).status).toBe(401);
  });
});

describe('GET /api/admin/audit/facets and /actors', () => {
  it('lists the actions and entity types the log holds, in order', async () => {
    await auditRow({ action: 'test.facet' });
    const res = await t.request('GET', '/api/admin/audit/facets', { token: admin.token });
    expect(res.body.actions).toContain('test.facet');
    expect(res.body.actions).toEqual([...res.body.actions].sort());
    expect(res.body.entityTypes).toEqual(expect.arrayContaining(['test_entity', 'user']));
  });

  it('finds an actor by a part of their name typed without its accents, and by e-mail', async () => {
    const expert = await registerExpert(t, { lastName: 'Ébréché' });
    const byName = await t.request('GET', '/api/admin/audit/actors?q=ebrech', { token: admin.token });
    expect(byName.body.map((a: { id: string }) => a.id)).toEqual([expert.user.id]);
    const byEmail = await t.request('GET', `/api/admin/audit/actors?q=${expert.user.email}`, {
      token: admin.token,
    });
    expect(byEmail.body[0]).toMatchObject({ id: expert.user.id, role: 'expert' });
  });

  it('answers 400 VALIDATION_ERROR to an empty actor search', async () => {
    const res = await t.request('GET', '/api/admin/audit/actors?q=', { token: admin.token });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('answers 400 VALIDATION_ERROR to an actor search holding a NUL, which the database cannot compare', async () => {
    const res = await t.request('GET', '/api/admin/audit/actors?q=a%00b', { token: admin.token });
    expect([res.status, res.body.error.code, res.body.error.details[0].path]).toEqual([
      400,
      'VALIDATION_ERROR',
      'q',
    ]);
  });
});

describe('GET /api/admin/audit/export', () => {
  it('answers 400 VALIDATION_ERROR to a parameter that is not a filter', async () => {
    const { res, text } = await exportCsv('limit=abc');
    expect([res.status, JSON.parse(text).error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('sends UTF-8 CSV with a byte order mark and `;` between cells, as French Excel reads it', async () => {
    const { res, text } = await exportCsv(`action=user.approve`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="journal-audit-.*\.csv"$/);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(text.slice(1))[0]).toEqual([
      'Date (Europe/Paris)',
      'Acteur',
      'E-mail de l’acteur',
      'Rôle',
      'Action',
      'Type d’entité',
      'Identifiant de l’entité',
      'Entité',
      'Avant',
      'Après',
    ]);
  });

  it('quotes the cells holding `;`, `"` or a line break, and keeps them whole', async () => {
    const at = t.clock.now();
    const actorId = uuidv7(at.getTime());
    await t.db
      .insertInto('users')
      .values({
        id: actorId,
        email: uniqueEmail('csv'),
        passwordHash: 'x',
        role: 'admin',
        status: 'active',
        statusReason: null,
        firstName: 'Anne; "la"',
        lastName: 'Ligne\nDeux',
        companyId: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    const entityId = await auditRow({ actorId, after: { note: '=1+1' } });
    const { text } = await exportCsv(`entityType=test_entity&entityId=${entityId}`);
    expect(text).toContain('"Anne; ""la"" Ligne\nDeux"');
    const [, row] = parseCsv(text.slice(1));
    expect(row?.[1]).toBe('Anne; "la" Ligne\nDeux');
    expect(row?.slice(4, 7)).toEqual(['test.done', 'test_entity', entityId]);
    expect(JSON.parse(row?.[9] ?? '')).toEqual({ note: '=1+1' });
  });

  it('writes times as Paris wall-clock times', async () => {
    const entityId = await auditRow({ at: new Date('2025-01-15T09:30:00Z') });
    const { text } = await exportCsv(`entityType=test_entity&entityId=${entityId}`);
    expect(parseCsv(text.slice(1))[1]?.[0]).toBe('2025-01-15 10:30:00');
  });

  it('applies the filters and streams every row, past its read batches', async () => {
    const action = 'test.bulk';
    const at = t.clock.now();
    await t.db
      .insertInto('auditLog')
      .values(
        Array.from({ length: 1203 }, (_, i) => ({
          id: uuidv7(at.getTime() + i),
          actorId: null,
          action,
          entityType: 'test_entity',
          entityId: randomUUID(),
          before: null,
          after: null,
          createdAt: new Date(at.getTime() + i),
        })),
      )
      .execute();
    const { text } = await exportCsv(`action=${action}`);
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r[6])).size).toBe(1203);
    expect(rows.every((r) => r[4] === action)).toBe(true);
  });

  it('records the export and its filters in the log', async () => {
    t.clock.advance(1000); // after the exports of the tests above
    await exportCsv('action=user.registered&from=2025-01-01');
    const res = await list(`actorId=${admin.user.id}&action=audit.exported`);
    expect(res.body.items[0]).toMatchObject({
      entityType: 'audit_export',
      after: { action: 'user.registered', from: '2025-01-01' },
    });
  });

  it('refuses a period that ends before it starts', async () => {
    const { res, text } = await exportCsv('from=2025-06-04&to=2025-06-03');
    expect([res.status, JSON.parse(text).error.code]).toEqual([422, 'AUDIT_PERIOD_INVALID']);
  });
});
