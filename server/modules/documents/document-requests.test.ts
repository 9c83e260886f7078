import { describe, expect, it } from 'vitest';
import type { DocumentRequest } from '../../../common/documents.ts';
import { approvedExpert, createAdmin, login, type Session, walk } from '../../../tests/support/factories.ts';
import { published } from '../../../tests/support/published.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { assignedDossier } from '../dossiers/dossiers.factories.ts';
import { flagOverdueRequests } from './document-requests.jobs.ts';

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin);
  const otherExpert = await approvedExpert(t, admin);
  return { admin, expert, otherExpert };
});

/** A dossier of a new client company, assigned to the file's expert. */
const dossierOfExpert = async () => {
  const { client, d } = await assignedDossier(t, cast.admin, cast.expert);
  return { client, dossierId: d.id };
};

/** The calendar date `days` after the test clock's today (the clock stays at 08:00 UTC: same date in Paris). */
const dateIn = (days: number) =>
  new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

const ask = (who: Session, dossierId: string, body: Record<string, unknown> = { category: 'kbis' }) =>
  t.request('POST', `/api/dossiers/${dossierId}/document-requests`, { token: who.token, body });

const list = (who: Session, query = '') =>
  t.request('GET', `/api/document-requests${query}`, { token: who.token });

const cancel = (who: Session, id: string) =>
  t.request('POST', `/api/document-requests/${id}/cancel`, { token: who.token });

/** Runs `work` with the clock `ms` ahead, then puts it back: the file's sessions were signed at the earlier time. */
async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
  t.clock.advance(ms);
  try {
    return await work();
  } finally {
    t.clock.advance(-ms);
  }
}

const TWO_DAYS = 2 * 86_400_000;

describe('creating a request', () => {
  it('lets the dossier’s expert ask for a document with a note and a due date', async () => {
    const { dossierId } = await dossierOfExpert();
    const res = await ask(cast.expert, dossierId, {
      category: 'kbis',
      note: 'Moins de 3 mois',
      dueDate: dateIn(10),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      dossierId,
      category: 'kbis',
      note: 'Moins de 3 mois',
      status: 'open',
      overdue: false,
      documentId: null,
      closedAt: null,
      requestedBy: { id: cast.expert.user.id, name: 'Eric Martin' },
    });
  });

  it('sets the due date at the end of that day, Paris time, in summer and in winter', async () => {
    const { dossierId } = await dossierOfExpert();
    const summer = await ask(cast.expert, dossierId, { category: 'kbis', dueDate: '2026-09-15' });
    const winter = await ask(cast.expert, dossierId, { category: 'dsn', dueDate: '2026-12-15' });
    expect([summer.body.dueAt, winter.body.dueAt]).toEqual([
      '2026-09-15T21:59:59.999Z',
      '2026-12-15T22:59:59.999Z',
    ]);
  });

  it('refuses a due date already past', async () => {
    const { dossierId } = await dossierOfExpert();
    const res = await ask(cast.expert, dossierId, { category: 'kbis', dueDate: dateIn(-1) });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('refuses a category that is not in the catalogue', async () => {
    const { dossierId } = await dossierOfExpert();
    const res = await ask(cast.expert, dossierId, { category: 'passport' });
    expect(res.status).toBe(400);
  });

  it('lets an admin ask too', async () => {
    const { dossierId } = await dossierOfExpert();
    const res = await ask(cast.admin, dossierId);
    expect(res.status).toBe(201);
  });

  it('does not let the client ask', async () => {
    const { client, dossierId } = await dossierOfExpert();
    const res = await ask(client, dossierId);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('answers 404 to an expert who is not the dossier’s', async () => {
    const { dossierId } = await dossierOfExpert();
    const res = await ask(cast.otherExpert, dossierId);
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a request in a closed dossier', async () => {
    const { client, dossierId } = await dossierOfExpert();
    await walk(t, dossierId, [[client, { to: 'cancelled', reason: 'Projet abandonné' }]]);
    const res = await ask(cast.admin, dossierId);
    expect([res.status, res.body.error.code]).toEqual([409, 'DOCUMENT_DOSSIER_CLOSED']);
  });

  it('publishes document.requested with the dossier’s company and expert', async () => {
    const { client, dossierId } = await dossierOfExpert();
    let id = '';
    const events = await published(t, 'document.requested', async () => {
      id = (await ask(cast.expert, dossierId, { category: 'dsn', note: 'Janvier' })).body.id;
    });
    expect(events).toEqual([
      expect.objectContaining({
        requestId: id,
        dossierId,
        companyId: client.user.company?.id,
        expertId: cast.expert.user.id,
        category: 'dsn',
        note: 'Janvier',
        dueAt: null,
        actorId: cast.expert.user.id,
      }),
    ]);
  });

  it('records the request in the audit log', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', body.id)
      .execute();
    expect(audit).toEqual([{ action: 'document.requested', actorId: cast.expert.user.id }]);
  });
});

describe('listing requests', () => {
  it('shows a client the requests of their company only', async () => {
    const mine = await dossierOfExpert();
    const theirs = await dossierOfExpert();
    const asked = await ask(cast.expert, mine.dossierId);
    await ask(cast.expert, theirs.dossierId);
    const res = await list(mine.client);
    expect(res.body.items.map((r: DocumentRequest) => r.id)).toEqual([asked.body.id]);
  });

  it('shows an expert the requests of their dossiers only', async () => {
    const { dossierId } = await dossierOfExpert();
    await ask(cast.expert, dossierId);
    const res = await list(cast.otherExpert);
    expect(res.body.items).toEqual([]);
  });

  it('shows an admin every request, filtered by dossier and status', async () => {
    const { dossierId } = await dossierOfExpert();
    const open = await ask(cast.expert, dossierId, { category: 'kbis' });
    const closed = await ask(cast.expert, dossierId, { category: 'dsn' });
    await cancel(cast.expert, closed.body.id);
    const res = await list(cast.admin, `?dossierId=${dossierId}&status=open`);
    expect(res.body.items.map((r: DocumentRequest) => r.id)).toEqual([open.body.id]);
  });

  it('pages newest first with a cursor', async () => {
    const { client, dossierId } = await dossierOfExpert();
    const ids: string[] = [];
    for (const category of ['kbis', 'dsn', 'payslips'])
      ids.push((await ask(cast.expert, dossierId, { category })).body.id);
    const first = await list(client, '?limit=2');
    const second = await list(client, `?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((r: DocumentRequest) => r.id)).toEqual(
      ids.reverse(),
    );
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('cancelling a request', () => {
  it('lets the dossier’s expert cancel an open request', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId);
    const res = await cancel(cast.expert, body.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: body.id,
      status: 'cancelled',
      closedAt: t.clock.now().toISOString(),
    });
  });

  it('refuses to cancel a request twice', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId);
    await cancel(cast.expert, body.id);
    const res = await cancel(cast.admin, body.id);
    expect([res.status, res.body.error.code]).toEqual([409, 'DOCUMENT_REQUEST_CLOSED']);
  });

  it('does not let the client cancel', async () => {
    const { client, dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId);
    const res = await cancel(client, body.id);
    expect(res.status).toBe(403);
  });

  it('answers 404 to an expert who is not the dossier’s', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId);
    const res = await cancel(cast.otherExpert, body.id);
    expect(res.status).toBe(404);
  });

  it('publishes document.request_cancelled', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId, { category: 'kbis' });
    const events = await published(t, 'document.request_cancelled', () => cancel(cast.admin, body.id));
    expect(events).toEqual([
      expect.objectContaining({
        requestId: body.id,
        dossierId,
        category: 'kbis',
        actorId: cast.admin.user.id,
      }),
    ]);
  });
});

describe('overdue requests', () => {
  it('shows a request as overdue once the clock passes its due date', async () => {
    const { client, dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId, { category: 'kbis', dueDate: dateIn(1) });
    const res = await later(TWO_DAYS, async () => list(await login(t, client.user.email)));
    expect(res.body.items.find((r: DocumentRequest) => r.id === body.id)?.overdue).toBe(true);
  });

  it('flags an overdue request and publishes it once, however often the job runs', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId, { category: 'kbis', dueDate: dateIn(1) });
    const runJob = () => t.app.services.jobs.runNow(flagOverdueRequests, {});
    const before = await published(t, 'document.request_overdue', runJob);
    const { after, flaggedAt, now } = await later(TWO_DAYS, async () => ({
      after: await published(t, 'document.request_overdue', async () => {
        await runJob();
        await runJob();
      }),
      flaggedAt: await t.db
        .selectFrom('documentRequests')
        .select('overdueNotifiedAt')
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow(),
      now: t.clock.now(),
    }));
    expect(before.filter((e) => e.requestId === body.id)).toEqual([]);
    expect(after.filter((e) => e.requestId === body.id)).toEqual([
      expect.objectContaining({ dossierId, category: 'kbis', actorId: null, at: now }),
    ]);
    expect(flaggedAt.overdueNotifiedAt).toEqual(now);
  });

  it('does not flag a request cancelled before its due date', async () => {
    const { dossierId } = await dossierOfExpert();
    const { body } = await ask(cast.expert, dossierId, { category: 'kbis', dueDate: dateIn(1) });
    await cancel(cast.expert, body.id);
    const events = await later(TWO_DAYS, () =>
      published(t, 'document.request_overdue', () => t.app.services.jobs.runNow(flagOverdueRequests, {})),
    );
    expect(events.filter((e) => e.requestId === body.id)).toEqual([]);
  });
});
