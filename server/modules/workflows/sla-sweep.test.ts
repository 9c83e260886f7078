import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin } from '../../../tests/support/factories.ts';
import { published } from '../../../tests/support/published.ts';
import { appWith, startTestApp } from '../../../tests/support/test-app.ts';
import { connect, nextEvent } from '../messaging/messaging.factories.ts';
import { centre, notified } from '../notifications/notifications.factories.ts';
import { alertsOf, dossierWithStep, HOUR, startSla, sweep, sweptLateStep } from './alerts.factories.ts';

// Sessions outlive the hours the clock is moved through.
const overrides = { accessTokenTtlSeconds: 10 * 365 * 86_400 };
const { t, cast } = appWith(
  async (t) => {
    const admin = await createAdmin(t);
    const expert = await approvedExpert(t, admin);
    return { admin, expert };
  },
  { overrides },
);

describe('levels', () => {
  it('raises an approaching alert for the expert at 75 % of the SLA', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(6 * HOUR);
    await sweep(t);
    const [alert] = await alertsOf(t, d.stepId);
    expect(alert).toMatchObject({
      type: 'sla_approaching',
      severity: 'warning',
      audience: 'expert',
      assigneeId: cast.expert.user.id,
      dedupeKey: `sla_approaching:${d.stepId}`,
      data: { hoursLeft: 2 },
    });
  });

  it('raises nothing before the warning', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(5 * HOUR);
    await sweep(t);
    expect(await alertsOf(t, d.stepId)).toEqual([]);
  });

  it('raises a breached alert once the deadline passed, without the superseded approaching one', async () => {
    const { alerts } = await sweptLateStep(t, cast.expert, 1);
    expect(alerts.map((a) => [a.type, a.severity, a.assigneeId, a.data])).toEqual([
      ['sla_breached', 'high', cast.expert.user.id, expect.objectContaining({ hoursLate: 1 })],
    ]);
  });

  it('escalates a breach to the admins after the escalation delay', async () => {
    const { alerts } = await sweptLateStep(t, cast.expert, 5);
    expect(alerts.map((a) => [a.type, a.level, a.severity, a.audience, a.assigneeId])).toEqual([
      ['sla_breached', 0, 'high', 'expert', cast.expert.user.id],
      ['sla_escalated', 1, 'high', 'admin', null],
    ]);
  });

  it('escalates to the second level after its delay, as critical', async () => {
    const { alerts } = await sweptLateStep(t, cast.expert, 25);
    expect(alerts.map((a) => [a.type, a.level, a.severity, a.audience])).toEqual([
      ['sla_breached', 0, 'high', 'expert'],
      ['sla_escalated', 2, 'critical', 'admin'],
    ]);
  });

  it('sends a dossier without expert’s alerts to the admins', async () => {
    const { alerts } = await sweptLateStep(t, undefined, 1);
    expect(alerts.map((a) => [a.type, a.audience, a.assigneeId])).toEqual([['sla_breached', 'admin', null]]);
  });

  it('raises exactly one alert of each level through repeated sweeps', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    for (const hours of [6, 2, 4, 20]) {
      t.clock.advance(hours * HOUR);
      await sweep(t);
      await sweep(t);
    }
    const alerts = await alertsOf(t, d.stepId);
    expect(alerts.map((a) => `${a.type}:${a.level}`)).toEqual([
      'sla_approaching:0',
      'sla_breached:0',
      'sla_escalated:1',
      'sla_escalated:2',
    ]);
    const step = await t.db
      .selectFrom('dossierSteps')
      .select('alertLevel')
      .where('id', '=', d.stepId)
      .execute();
    expect(step).toEqual([{ alertLevel: 4 }]);
  });

  it('leaves a paused step (no deadline) alone', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    await t.db
      .updateTable('dossierSteps')
      .set({ warnAt: null, dueAt: null, runningSince: null, pausedSince: t.clock.now() })
      .where('id', '=', d.stepId)
      .execute();
    t.clock.advance(48 * HOUR);
    await sweep(t);
    expect(await alertsOf(t, d.stepId)).toEqual([]);
  });
});

describe('several sweeps at once', () => {
  it('raises each alert once when two calls sweep together', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(13 * HOUR);
    await Promise.all([sweep(t), sweep(t), sweep(t)]);
    const alerts = await alertsOf(t, d.stepId);
    expect(alerts.map((a) => a.type)).toEqual(['sla_breached', 'sla_escalated']);
  });

  it('raises each alert once when two instances on one database sweep together', async () => {
    const other = await startTestApp(overrides, { databaseUrl: t.databaseUrl, clock: t.clock });
    try {
      const d = await dossierWithStep(t, cast.expert);
      await startSla(t, d.stepId, 8);
      t.clock.advance(33 * HOUR);
      const results = await Promise.all([sweep(t), sweep(other)]);
      const alerts = await alertsOf(t, d.stepId);
      expect(alerts.map((a) => `${a.type}:${a.level}`)).toEqual(['sla_breached:0', 'sla_escalated:2']);
      expect(results[0]!.raised + results[1]!.raised).toBeGreaterThanOrEqual(2);
    } finally {
      await other.close();
    }
  });
});

describe('events and notifications', () => {
  it('publishes the alerts raised together in one event after the commit', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(9 * HOUR);
    const events = await published(t, 'alerts.raised', () => sweep(t));
    const mine = events.flatMap((e) => e.alerts).filter((a) => a.dossierId === d.dossierId);
    expect(mine).toEqual([
      expect.objectContaining({ type: 'sla_breached', assigneeId: cast.expert.user.id, audience: 'expert' }),
    ]);
    expect(events).toHaveLength(1);
  });

  it('notifies the expert of an approaching deadline', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(6 * HOUR);
    await sweep(t);
    const [notice] = await notified(t, cast.expert, 'sla.approaching', `/dossiers/${d.dossierId}`);
    expect(notice!.body).toContain('Il reste 2 heures');
  });

  it('notifies the admins of an escalation with the breach’s text', async () => {
    const d = await dossierWithStep(t, undefined);
    await startSla(t, d.stepId, 8);
    t.clock.advance(13 * HOUR);
    await sweep(t);
    // The breach (admins' queue: no expert) and its escalation, one notification each.
    await expect
      .poll(async () =>
        (await centre(t, cast.admin, 'view=all&limit=100'))
          .filter((n) => n.type === 'sla.breached' && n.link === `/dossiers/${d.dossierId}`)
          .map((n) => n.body.includes('dépassé de 5 heures')),
      )
      .toEqual([true, true]);
  });
});

describe('resolution and snoozes', () => {
  it('resolves a step’s alerts in the transaction that completes the step', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(9 * HOUR);
    await sweep(t);
    const done = await t.request('POST', `/api/dossiers/${d.dossierId}/workflow/steps/${d.stepId}/complete`, {
      token: d.client.token,
      body: {},
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const alerts = await alertsOf(t, d.stepId);
    expect(alerts.map((a) => [a.state, a.resolvedAutomatically])).toEqual([['resolved', true]]);
  });

  it('resolves a step’s alerts when the dossier leaves the step another way (a cancellation)', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(9 * HOUR);
    await sweep(t);
    const cancelled = await t.request('POST', `/api/dossiers/${d.dossierId}/transitions`, {
      token: d.client.token,
      body: { to: 'cancelled', reason: 'Nous arrêtons la démarche' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const [alert] = await alertsOf(t, d.stepId);
    expect(alert).toMatchObject({
      state: 'resolved',
      resolvedAutomatically: true,
      resolvedAt: t.clock.now(),
    });
  });

  it('wakes a snoozed alert when its time has come', async () => {
    const d = await dossierWithStep(t, cast.expert);
    await startSla(t, d.stepId, 8);
    t.clock.advance(9 * HOUR);
    await sweep(t);
    const [alert] = await alertsOf(t, d.stepId);
    const until = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const snoozed = await t.request('POST', `/api/alerts/${alert!.id}/snooze`, {
      token: cast.expert.token,
      body: { until },
    });
    expect(snoozed.status, JSON.stringify(snoozed.body)).toBe(200);
    t.clock.advance(HOUR);
    const updates = await published(t, 'alert.updated', () => sweep(t));
    expect(updates.filter((u) => u.alertId === alert!.id).map((u) => u.state)).toEqual(['open']);
    const [woken] = await alertsOf(t, d.stepId);
    expect(woken).toMatchObject({ state: 'open', snoozedUntil: null });
  });
});

describe('real time', () => {
  it('tells the alert’s expert and the admins that their alerts changed', async () => {
    const [expertSocket, adminSocket] = await Promise.all([
      connect(t.baseUrl, cast.expert.token),
      connect(t.baseUrl, cast.admin.token),
    ]);
    try {
      const d = await dossierWithStep(t, cast.expert);
      await startSla(t, d.stepId, 8);
      t.clock.advance(9 * HOUR);
      const heard = Promise.all([
        nextEvent(expertSocket, 'alerts:changed'),
        nextEvent(adminSocket, 'alerts:changed'),
      ]);
      await sweep(t);
      expect(await heard).toEqual([{ at: t.clock.now().toISOString() }, { at: t.clock.now().toISOString() }]);
    } finally {
      expertSocket.close();
      adminSocket.close();
    }
  });

  it('tells the dossier’s client that its workflow moved', async () => {
    const d = await dossierWithStep(t, cast.expert);
    const socket = await connect(t.baseUrl, d.client.token);
    try {
      const heard = nextEvent(socket, 'workflow:updated', (e) => e.dossierId === d.dossierId);
      const done = await t.request(
        'POST',
        `/api/dossiers/${d.dossierId}/workflow/steps/${d.stepId}/complete`,
        {
          token: d.client.token,
          body: {},
        },
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(await heard).toMatchObject({ dossierId: d.dossierId, stepKey: expect.any(String) });
    } finally {
      socket.close();
    }
  });
});
