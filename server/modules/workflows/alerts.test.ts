import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../common/alerts.ts';
import { approvedExpert, createAdmin, type Session } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { dossierWithStep, HOUR, sweptLateStep } from './alerts.factories.ts';

const { t, cast } = appWith(
  async (t) => {
    const admin = await createAdmin(t);
    const [expert, otherExpert] = [await approvedExpert(t, admin), await approvedExpert(t, admin)];
    return { admin, expert, otherExpert };
  },
  { overrides: { accessTokenTtlSeconds: 10 * 365 * 86_400 } },
);

const list = async (who: Session, query = '') => {
  const res = await t.request('GET', `/api/alerts?${query}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Alert[]; nextCursor: string | null };
};
const act = (who: Session, id: string, action: string, body?: unknown) =>
  t.request('POST', `/api/alerts/${id}/${action}`, { token: who.token, body: body ?? {} });

/** A breached step of a dossier of `expert`: its breach alert (and, `lateHours` ≥ 4, its escalation). */
const breached = async (expert: Session | undefined, lateHours = 1) => sweptLateStep(t, expert, lateHours);

describe('listing', () => {
  it('shows an expert only the alerts assigned to them', async () => {
    const mine = await breached(cast.expert);
    const theirs = await breached(cast.otherExpert);
    const ids = (await list(cast.expert, 'limit=100')).items.map((a) => a.id);
    expect(ids).toContain(mine.alerts[0]!.id);
    expect(ids).not.toContain(theirs.alerts[0]!.id);
  });

  it('shows an admin every alert, with its dossier, step and assignee', async () => {
    const d = await breached(cast.expert);
    const { items } = await list(cast.admin, `dossierId=${d.dossierId}`);
    expect(items).toEqual([
      expect.objectContaining({
        id: d.alerts[0]!.id,
        type: 'sla_breached',
        state: 'open',
        dossier: expect.objectContaining({ id: d.dossierId, productCode: 'TICPE' }),
        step: expect.objectContaining({
          id: d.stepId,
          name: expect.objectContaining({ fr: expect.any(String) }),
        }),
        assignee: { id: cast.expert.user.id, name: expect.any(String) },
        data: expect.objectContaining({ hoursLate: 1 }),
      }),
    ]);
  });

  it('refuses clients', async () => {
    const d = await dossierWithStep(t);
    const res = await t.request('GET', '/api/alerts', { token: d.client.token });
    expect(res.status).toBe(403);
  });

  it('filters by severity, type and assignee', async () => {
    const d = await breached(cast.otherExpert, 30);
    const critical = await list(cast.admin, `dossierId=${d.dossierId}&severity=critical`);
    expect(critical.items.map((a) => a.type)).toEqual(['sla_escalated']);
    const byType = await list(cast.admin, `dossierId=${d.dossierId}&type=sla_breached&type=sla_approaching`);
    expect(byType.items.map((a) => a.severity)).toEqual(['high']);
    const byAssignee = await list(
      cast.admin,
      `dossierId=${d.dossierId}&assigneeId=${cast.otherExpert.user.id}`,
    );
    expect(byAssignee.items.map((a) => a.type)).toEqual(['sla_breached']);
  });

  it('leaves resolved alerts out unless asked for', async () => {
    const d = await breached(cast.expert);
    const id = d.alerts[0]!.id;
    expect((await act(cast.expert, id, 'resolve', { note: 'Traité' })).status).toBe(200);
    expect((await list(cast.expert, `dossierId=${d.dossierId}`)).items).toEqual([]);
    const resolved = await list(cast.expert, `dossierId=${d.dossierId}&state=resolved`);
    expect(resolved.items.map((a) => a.id)).toEqual([id]);
  });

  it('pages newest first with a cursor', async () => {
    const d = await breached(undefined, 30);
    const first = await list(cast.admin, `dossierId=${d.dossierId}&limit=1`);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(cast.admin, `dossierId=${d.dossierId}&limit=1&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((a) => a.id).sort()).toEqual(
      d.alerts.map((a) => a.id).sort(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 to a malformed filter', async () => {
    const res = await t.request('GET', '/api/alerts?severity=urgent', { token: cast.admin.token });
    expect(res.status).toBe(400);
  });
});

describe('counts', () => {
  it('counts the alerts to handle by severity, snoozed and resolved ones aside', async () => {
    const expert = await approvedExpert(t, cast.admin);
    const [a, b, c] = [await breached(expert), await breached(expert), await breached(expert)];
    const until = new Date(t.clock.now().getTime() + HOUR).toISOString();
    expect((await act(expert, b.alerts[0]!.id, 'snooze', { until })).status).toBe(200);
    expect((await act(expert, c.alerts[0]!.id, 'resolve', { note: 'Fait' })).status).toBe(200);
    expect((await act(expert, a.alerts[0]!.id, 'acknowledge')).status).toBe(200);
    const res = await t.request('GET', '/api/alerts/counts', { token: expert.token });
    expect(res.body).toEqual({ open: 1, bySeverity: { high: 1 } });
  });
});

describe('acting on an alert', () => {
  it('acknowledges it and records who did', async () => {
    const d = await breached(cast.expert);
    const res = await act(cast.expert, d.alerts[0]!.id, 'acknowledge');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'acknowledged', acknowledgedAt: t.clock.now().toISOString() });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', d.alerts[0]!.id)
      .execute();
    expect(audit).toEqual([{ action: 'alert.acknowledged', actorId: cast.expert.user.id }]);
  });

  it('resolves it with a note', async () => {
    const d = await breached(cast.expert);
    const res = await act(cast.admin, d.alerts[0]!.id, 'resolve', { note: 'Client relancé' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'resolved',
      resolutionNote: 'Client relancé',
      resolvedAutomatically: false,
    });
  });

  it('refuses to resolve an alert twice', async () => {
    const d = await breached(cast.expert);
    await act(cast.expert, d.alerts[0]!.id, 'resolve', { note: 'Fait' });
    const res = await act(cast.expert, d.alerts[0]!.id, 'resolve', { note: 'Encore' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALERT_ALREADY_RESOLVED');
  });

  it('refuses a resolution without a note', async () => {
    const d = await breached(cast.expert);
    const res = await act(cast.expert, d.alerts[0]!.id, 'resolve', { note: '  ' });
    expect(res.status).toBe(400);
  });

  it('refuses a snooze in the past', async () => {
    const d = await breached(cast.expert);
    const until = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const res = await act(cast.expert, d.alerts[0]!.id, 'snooze', { until });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SNOOZE_IN_PAST');
  });

  it('refuses a snooze without a valid time', async () => {
    const d = await breached(cast.expert);
    const res = await act(cast.expert, d.alerts[0]!.id, 'snooze', { until: 'demain' });
    expect(res.status).toBe(400);
  });

  it('hides another expert’s alert (404)', async () => {
    const d = await breached(cast.otherExpert);
    const res = await act(cast.expert, d.alerts[0]!.id, 'acknowledge');
    expect(res.status).toBe(404);
  });

  it('refuses clients (403)', async () => {
    const d = await breached(cast.expert);
    const res = await act(d.client, d.alerts[0]!.id, 'acknowledge');
    expect(res.status).toBe(403);
  });
});

describe('overdue documents', () => {
  const overdueRequest = async () => {
    const d = await dossierWithStep(t, cast.expert);
    const today = t.clock.now().toISOString().slice(0, 10);
    const created = await t.request('POST', `/api/dossiers/${d.dossierId}/document-requests`, {
      token: cast.expert.token,
      body: { category: 'kbis', dueDate: today },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    t.clock.advance(2 * 24 * HOUR);
    await t.app.services.documents.requests.flagOverdue(t.clock.now());
    const alert = () =>
      t.db
        .selectFrom('alerts')
        .selectAll()
        .where('dedupeKey', '=', `documents_overdue:${created.body.id}`)
        .executeTakeFirst();
    await expect.poll(async () => (await alert())?.type).toBe('documents_overdue');
    return { requestId: created.body.id as string, alert };
  };

  it('raises an alert for the dossier’s expert when a request is overdue', async () => {
    const { alert } = await overdueRequest();
    expect(await alert()).toMatchObject({
      severity: 'warning',
      audience: 'expert',
      assigneeId: cast.expert.user.id,
      state: 'open',
      data: expect.objectContaining({ category: 'kbis' }),
    });
  });

  it('resolves it once the request is cancelled', async () => {
    const { requestId, alert } = await overdueRequest();
    const res = await t.request('POST', `/api/document-requests/${requestId}/cancel`, {
      token: cast.expert.token,
    });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await alert())?.resolvedAutomatically).toBe(true);
  });
});
