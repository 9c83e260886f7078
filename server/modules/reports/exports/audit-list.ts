import type { AuditFilters } from '../../../../common/admin-audit.ts';
import { uuidv7 } from '../../../../common/ids.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { forbidden } from '../../../platform/errors.ts';
import { toAuditEntry } from '../../admin/audit-log.presenter.ts';
import { auditLogRepo } from '../../admin/audit-log.repo.ts';
import { checkAuditFilters } from '../../admin/audit-log.service.ts';
import type { ListSource } from './list-source.ts';

const PAGE_ROWS = 1000;

const labels = {
  fr: [
    'Date',
    'Acteur',
    'E-mail de l’acteur',
    'Rôle',
    'Action',
    'Type d’entité',
    'Entité',
    'Libellé',
    'Avant',
    'Après',
  ],
  en: [
    'Date',
    'Actor',
    'Actor’s e-mail',
    'Role',
    'Action',
    'Entity type',
    'Entity',
    'Label',
    'Before',
    'After',
  ],
};
const keys = ['at', 'actor', 'email', 'role', 'action', 'entityType', 'entityId', 'label', 'before', 'after'];

const parisTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'medium',
});
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The audit log (admins), with its page's filters; asking for it is itself audited, as its CSV download is. */
export const auditList: ListSource<AuditFilters> = {
  name: 'journal-audit',
  title: (locale) => (locale === 'fr' ? 'Journal d’audit' : 'Audit log'),
  check: (_db, actor, filters) => {
    if (actor.role !== 'admin') throw forbidden();
    checkAuditFilters(filters);
  },
  onRequest: (db, actor, filters, at) =>
    recordAudit(db, {
      actorId: actor.id,
      action: 'audit.exported',
      entityType: 'audit_export',
      entityId: uuidv7(at.getTime()),
      after: filters,
      at,
    }),
  columns: (locale) => keys.map((key, i) => ({ key, label: labels[locale][i]!, format: 'text' as const })),
  count: async () => null,
  async *pages(db, _actor, filters) {
    let before: [Date, string] | undefined;
    for (;;) {
      const rows = await auditLogRepo.list(db, { ...filters, before, limit: PAGE_ROWS });
      yield rows.map((row) => {
        const e = toAuditEntry(row);
        return {
          at: parisTime.format(new Date(e.createdAt)),
          actor: e.actor?.name ?? null,
          email: e.actor?.email ?? null,
          role: e.actor?.role ?? null,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          label: e.entityLabel,
          before: json(e.before),
          after: json(e.after),
        };
      });
      const last = rows.at(-1);
      if (!last || rows.length < PAGE_ROWS) return;
      before = [last.createdAt, last.id];
    }
  },
};
