import { documentCategoryName } from '../../../common/documents.ts';
import type { EventBus } from '../../platform/events.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notice } from './templates.ts';

export type DocumentNoticeDeps = {
  notifications: Pick<NotificationsService, 'notify'>;
  users: Pick<UsersService, 'companyClients'>;
  dossiers: Pick<DossiersService, 'describe'>;
};

/** What the client is told about: a document asked of them, and the decision on one they handed over. */
type Told = {
  type: 'document.requested' | 'document.approved' | 'document.rejected';
  /** Names this event once per recipient (a request, a version: each happens once). */
  eventKey: string;
  dossierId: string;
  companyId: string;
  category: string;
  actorId: string | null;
  reason?: string;
};

/**
 * Document events become the notifications of the dossier's company clients, never of whoever acted. The document
 * is named by its category (in French, the platform's language: the texts take a name, not a code).
 */
export function registerDocumentNotices(events: EventBus, deps: DocumentNoticeDeps): void {
  const tell = async (e: Told) => {
    const dossier = await deps.dossiers.describe(e.dossierId);
    if (!dossier) return;
    const params = {
      dossierId: e.dossierId,
      reference: dossier.reference,
      documentName: documentCategoryName(e.category, 'fr'),
    };
    await deps.notifications.notify({
      recipients: (await deps.users.companyClients(e.companyId)).filter((id) => id !== e.actorId),
      ...(e.type === 'document.rejected'
        ? notice(e.type, { ...params, reason: e.reason ?? '' })
        : notice(e.type, params)),
      link: `/dossiers/${e.dossierId}`,
      eventKey: e.eventKey,
    });
  };

  events.subscribe('document.requested', (e) =>
    tell({ ...e, type: 'document.requested', eventKey: `document.requested:${e.requestId}` }),
  );
  events.subscribe('document.approved', (e) =>
    tell({ ...e, type: 'document.approved', eventKey: `document.approved:${e.versionId}` }),
  );
  events.subscribe('document.rejected', (e) =>
    tell({ ...e, type: 'document.rejected', eventKey: `document.rejected:${e.versionId}` }),
  );
}
