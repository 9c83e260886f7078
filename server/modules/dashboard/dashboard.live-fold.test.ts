import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';
import { DashboardLive, dashboardLiveTiming } from './dashboard.live.ts';

const { t } = appWith(async () => ({}));

/** An instance's live updates with one admin socket connected to it (a hub that only has the admins' room). */
function liveWithAnAdmin(log: (error: unknown, context: string) => void) {
  const realtime = {
    io: {
      of: () => ({ adapter: { rooms: new Map([[rooms.admins, new Set(['admin-socket'])]]) } }),
    },
    emitLocal: () => {},
    onConnection: () => {},
  } as unknown as RealtimeHub;
  return new DashboardLive({ db: t.db, clock: t.clock, realtime, databaseUrl: t.databaseUrl, log });
}

const pendingCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM metric_pending_deltas`.execute(t.db)).rows[0]!.n;

describe('the fold of an instance with an admin socket', () => {
  let live: DashboardLive | undefined;
  afterEach(async () => {
    await live?.close();
    await sql`DO $$ BEGIN
      IF to_regprocedure('dashboard_fold_away(boolean)') IS NOT NULL THEN
        ALTER FUNCTION dashboard_fold_away(boolean) RENAME TO dashboard_fold;
      END IF; END $$`.execute(t.db);
  });

  it('folds the pending changes without a reader', async () => {
    live = liveWithAnAdmin(() => {});
    await live.start();
    await registerClient(t);
    await eventually(async () => expect(await pendingCount()).toBe(0));
  });

  it('says a fold that fails once, not at every attempt, and again after one has worked', async () => {
    const said: string[] = [];
    live = liveWithAnAdmin((_error, context) => said.push(context));
    await sql`ALTER FUNCTION dashboard_fold(boolean) RENAME TO dashboard_fold_away`.execute(t.db);
    await live.start();
    await sleep(dashboardLiveTiming.foldEveryMs * 6);
    expect(said).toEqual(['dashboard live: fold failed']);
    await sql`ALTER FUNCTION dashboard_fold_away(boolean) RENAME TO dashboard_fold`.execute(t.db);
    await registerClient(t);
    await eventually(async () => expect(await pendingCount()).toBe(0));
    await sql`ALTER FUNCTION dashboard_fold(boolean) RENAME TO dashboard_fold_away`.execute(t.db);
    await eventually(() => expect(said).toHaveLength(2));
  });
});
