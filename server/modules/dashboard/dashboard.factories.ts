import { sql } from 'kysely';
import { expect } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  type Session,
  transition,
  uniqueSiren,
} from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { requestExpert } from '../experts/experts.factories.ts';
import { dashboardRepo } from './dashboard.repo.ts';

export const hour = 3_600_000;

/** The data set walks days of the ManualClock: sessions must outlive them. */
export const longSessions = { accessTokenTtlSeconds: 30 * 86_400 };

/** Takes each transition as `who`, one hour after the previous change. */
export async function hourly(
  t: TestApp,
  dossierId: string,
  steps: readonly (readonly [Session, Record<string, unknown>])[],
) {
  for (const [who, body] of steps) {
    t.clock.advance(hour);
    const res = await transition(t, who, dossierId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** From `eligible` on, the admin's way through to the refund (audited, granted, obtained amounts). */
export function toRefund(
  admin: Session,
  amounts: { audited: number; granted: number; obtained: number },
): [Session, Record<string, unknown>][] {
  return [
    [admin, { to: 'documents_pending' }],
    [admin, { to: 'audit_in_progress' }],
    [admin, { to: 'audit_proposed', amountCents: amounts.audited }],
    [admin, { to: 'submitted' }],
    [admin, { to: 'administration_decided', amountCents: amounts.granted, reference: 'DOUANE-1' }],
    [admin, { to: 'refunded', amountCents: amounts.obtained }],
  ];
}

/** Up to `eligible`, by the admin. */
export const toEligible = (admin: Session): [Session, Record<string, unknown>][] => [
  [admin, { to: 'pre_eligibility_pending' }],
  [admin, { to: 'pre_eligibility_review' }],
  [admin, { to: 'eligible' }],
];

export type DashboardData = { admin: Session; expert: Session; clientA: Session; clientB: Session };

/**
 * The known data set of the KPI tests (the clock starts Monday 1 June 2026, 10:00 in Paris):
 * - 1 June: an expert approved; client A (Auvergne-Rhône-Alpes) opens D1 (TICPE, estimated €10,000) and the admin
 *   walks it, one hour per status, to the refund: audited €12,000, granted and obtained €10,000; the expert is
 *   proposed by the admin and accepts.
 * - 3 June: client B (Bretagne) opens D2 (TICPE) and asks the expert, who answers 30 minutes later; walked to the
 *   refund of 5 cents (the per-dossier rounding case); B opens D3 (URSSAF) and cancels it an hour later; A opens D4
 *   (URSSAF), left in draft.
 */
export async function dashboardData(t: TestApp): Promise<DashboardData> {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin);
  const clientA = await registerClient(t);
  const d1 = await createDossier(t, clientA, 'TICPE');
  await hourly(t, d1.id, [
    ...toEligible(admin),
    [admin, { to: 'expert_pending', expertId: expert.user.id }],
    [admin, { to: 'expert_assigned' }],
    ...toRefund(admin, { audited: 1_200_000, granted: 1_000_000, obtained: 1_000_000 }),
  ]);

  t.clock.advance(48 * hour - 11 * hour);
  const clientB = await registerClient(t, {
    company: {
      name: 'Breizh Fret',
      siren: uniqueSiren(),
      sector: 'transport_routier',
      size: '10-49',
      region: 'bretagne',
    },
  });
  const d2 = await createDossier(t, clientB, 'TICPE');
  await hourly(t, d2.id, toEligible(admin));
  t.clock.advance(hour);
  await requestThenAccept(t, clientB, d2.id, expert);
  await hourly(t, d2.id, toRefund(admin, { audited: 10, granted: 5, obtained: 5 }));
  const d3 = await createDossier(t, clientB, 'URSSAF');
  await hourly(t, d3.id, [[clientB, { to: 'cancelled', reason: 'Plus nécessaire' }]]);
  await createDossier(t, clientA, 'URSSAF');
  return { admin, expert, clientA, clientB };
}

/** The client asks the expert; the expert accepts 30 minutes later. */
async function requestThenAccept(t: TestApp, client: Session, dossierId: string, expert: Session) {
  const request = await requestExpert(t, client, dossierId, expert);
  t.clock.advance(hour / 2);
  const res = await t.request('POST', `/api/expert-requests/${request.id}/accept`, { token: expert.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Every aggregate row that differs from the full recount (019's `dashboard_differences()`), once folded. */
export async function differencesFromRecount(t: TestApp): Promise<unknown[]> {
  await dashboardRepo.fold(t.db);
  const { rows } = await sql`SELECT * FROM dashboard_differences()`.execute(t.db);
  return rows;
}
