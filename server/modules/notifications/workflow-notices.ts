import type { Role } from '../../../common/roles.ts';
import type { EventBus } from '../../platform/events.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notice } from './templates.ts';

export type WorkflowNoticeDeps = {
  notifications: Pick<NotificationsService, 'notify'>;
  users: Pick<UsersService, 'companyClients' | 'activeAdmins'>;
  dossiers: Pick<DossiersService, 'describe'>;
};

/** The people of a dossier who hold a role: its company's clients, its expert, the admins. */
async function peopleWith(
  deps: WorkflowNoticeDeps,
  roles: readonly Role[],
  dossier: { companyId: string; expertId: string | null },
): Promise<string[]> {
  const groups = await Promise.all(
    roles.map((role) => {
      if (role === 'client') return deps.users.companyClients(dossier.companyId);
      if (role === 'expert') return Promise.resolve(dossier.expertId ? [dossier.expertId] : []);
      return deps.users.activeAdmins();
    }),
  );
  return [...new Set(groups.flat())];
}

/**
 * The message of a step's `notify` action goes to the roles it names, once per step entered (`eventKey`). A completed
 * step is not notified on its own: the status changes and requests it goes with already are.
 */
export function registerWorkflowNotices(events: EventBus, deps: WorkflowNoticeDeps): void {
  events.subscribe('workflow.step_entered', async (e) => {
    const messages = e.actions.flatMap((a) => (a.type === 'notify' ? [a] : []));
    if (messages.length === 0) return;
    const dossier = await deps.dossiers.describe(e.dossierId);
    if (!dossier) return;
    for (const [i, action] of messages.entries()) {
      await deps.notifications.notify({
        recipients: await peopleWith(deps, action.roles, e),
        ...notice('workflow.step_notice', {
          dossierId: e.dossierId,
          reference: dossier.reference,
          stepName: e.stepName,
          message: action.message,
        }),
        link: `/dossiers/${e.dossierId}`,
        eventKey: `workflow.step_notice:${e.stepId}:${i}`,
      });
    }
  });
}
