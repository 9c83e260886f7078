import type { SlaConfig } from '../../config.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { alertEventOf, alertUpdateOf } from './alerts.presenter.ts';
import { alertsRepo } from './alerts.repo.ts';
import { slaSweepRepo } from './sla-sweep.repo.ts';

const HOUR_MS = 3_600_000;

export type SlaSweepDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  sla: Pick<SlaConfig, 'escalationHours' | 'secondLevelHours'>;
};

/** What one sweep did: alerts raised, snoozed alerts woken. */
export type SweepResult = { raised: number; woken: number };

/**
 * The SLA sweep (a cron job every minute, safe on several instances): raises the alerts of the open steps whose
 * warning, deadline or escalation delays have come, and wakes the snoozed alerts whose time has come (a closed step's
 * alerts are resolved in the transaction that closes it). Set-based statements over the steps' partial indexes, one transaction.
 */
export class SlaSweepService extends Service<SlaSweepDeps> {
  async sweep(now: Date = this.deps.clock.now()): Promise<SweepResult> {
    const { escalationHours, secondLevelHours } = this.deps.sla;
    const { raised, woken } = await this.deps.db.transaction().execute(async (trx) => {
      const woken = await alertsRepo.wakeSnoozed(trx, now);
      const raised = await slaSweepRepo.raise(trx, {
        now,
        escalateBefore: new Date(now.getTime() - escalationHours * HOUR_MS),
        secondLevelBefore: new Date(now.getTime() - secondLevelHours * HOUR_MS),
      });
      return { raised, woken };
    });
    if (raised.length > 0) {
      this.deps.events.publish('alerts.raised', { alerts: raised.map(alertEventOf), at: now });
    }
    for (const row of woken) this.deps.events.publish('alert.updated', alertUpdateOf(row, now));
    return { raised: raised.length, woken: woken.length };
  }
}
