import type { EventBus } from '../../platform/events.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notice } from './templates.ts';

export type AlertNoticeDeps = {
  notifications: Pick<NotificationsService, 'notify'>;
  users: Pick<UsersService, 'activeAdmins'>;
  dossiers: Pick<DossiersService, 'describe'>;
};

/**
 * SLA alerts become notifications: an approaching deadline or a breach to the dossier's expert (every active admin
 * when it has none), an escalation to every active admin with the breach's text. One notification per alert and
 * recipient (`alert:<id>`), whatever the retries.
 */
export function registerAlertNotices(events: EventBus, deps: AlertNoticeDeps): void {
  events.subscribe('alerts.raised', async (e) => {
    let adminIds: Promise<string[]> | undefined;
    const admins = () => {
      adminIds ??= deps.users.activeAdmins();
      return adminIds;
    };
    for (const alert of e.alerts) {
      if (!alert.dossierId || !alert.type.startsWith('sla_')) continue;
      const dossier = await deps.dossiers.describe(alert.dossierId);
      if (!dossier) continue;
      const params = { dossierId: dossier.id, reference: dossier.reference };
      await deps.notifications.notify({
        recipients: alert.assigneeId ? [alert.assigneeId] : await admins(),
        ...(alert.type === 'sla_approaching'
          ? notice('sla.approaching', { ...params, hoursLeft: Number(alert.data.hoursLeft ?? 0) })
          : notice('sla.breached', { ...params, hoursLate: Number(alert.data.hoursLate ?? 0) })),
        link: `/dossiers/${dossier.id}`,
        eventKey: `alert:${alert.alertId}`,
      });
    }
  });
}
