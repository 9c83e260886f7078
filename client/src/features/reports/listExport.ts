import type { AuditFilters } from '../../../../common/admin-audit.ts';
import type { AdminUserFilters } from '../../../../common/admin-users.ts';
import type { DossierListQuery } from '../../../../common/dossiers.ts';
import type { DossierExportFilters, ExportRequest } from '../../../../common/reports.ts';

/** The dossier list's filters as a page applies them: `GET /api/dossiers`'s query without its paging. */
export type DossierListFilters = Omit<DossierListQuery, 'cursor' | 'limit'>;

/** A list as its page shows it: which list, with the filters the page applies to it. */
export type ListExportTarget =
  | { list: 'dossiers'; filters: DossierListFilters }
  | { list: 'users'; filters: AdminUserFilters }
  | { list: 'reviews'; filters: { expertId: string } }
  | { list: 'audit'; filters: AuditFilters }
  | { list: 'messages'; filters: { conversationId: string } };

export type ListFormat = 'csv' | 'xlsx';

// Every filter the export knows, and no other (the types say so): a filter the export gains is carried from here.
const dossierCarried: Record<keyof DossierExportFilters, true> = {
  status: true,
  product: true,
  expertId: true,
  region: true,
  q: true,
  openedFrom: true,
  openedTo: true,
};
const auditCarried: Record<keyof AuditFilters, true> = {
  actorId: true,
  action: true,
  entityType: true,
  entityId: true,
  from: true,
  to: true,
};

/** A list page's filter that the dossiers' export does not know: its file holds more than the page shows. */
export type DossierFilterNotCarried = Exclude<keyof DossierListFilters, keyof DossierExportFilters>;

const isSet = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  (Array.isArray(value) ? value.length > 0 : String(value).trim() !== '');

/** The filters a page applies that the export knows, as the export reads them (statuses a list, text trimmed). */
export function toDossierExportFilters(filters: DossierListFilters): DossierExportFilters {
  const out: DossierExportFilters = {};
  for (const key of Object.keys(dossierCarried) as (keyof DossierExportFilters)[]) {
    const value = filters[key];
    if (!isSet(value)) continue;
    if (key === 'status') out.status = Array.isArray(value) ? [...value] : [value as string];
    else (out as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/** The filters a page applies that the export of its list cannot: the page tells the reader. */
export function notCarried(target: ListExportTarget): DossierFilterNotCarried[] {
  if (target.list !== 'dossiers') return [];
  return (Object.keys(target.filters) as (keyof DossierListFilters)[]).filter(
    (key): key is DossierFilterNotCarried => !(key in dossierCarried) && isSet(target.filters[key]),
  );
}

/** The export of the list with its page's filters, as `POST /api/exports` takes it. */
export function listExportRequest(
  target: ListExportTarget,
  format: ListFormat,
  locale: 'fr' | 'en',
): ExportRequest {
  const common = { kind: 'list', format, locale } as const;
  switch (target.list) {
    case 'dossiers':
      return { ...common, list: 'dossiers', filters: toDossierExportFilters(target.filters) };
    case 'audit': {
      const filters: AuditFilters = {};
      for (const key of Object.keys(auditCarried) as (keyof AuditFilters)[]) {
        const value = target.filters[key]?.trim();
        if (value) filters[key] = value;
      }
      return { ...common, list: 'audit', filters };
    }
    case 'users': {
      const entries = Object.entries(target.filters).filter(([, value]) => isSet(value));
      return { ...common, list: 'users', filters: Object.fromEntries(entries) };
    }
    case 'reviews':
      return { ...common, list: 'reviews', filters: { expertId: target.filters.expertId } };
    case 'messages':
      return { ...common, list: 'messages', filters: { conversationId: target.filters.conversationId } };
  }
}
