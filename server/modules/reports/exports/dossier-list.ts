import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import { dossierStatusNamesEn, dossierStatusNamesFr } from '../../../../common/dossier-status-names.ts';
import { type Region, regionNames } from '../../../../common/reference.ts';
import type { DossierExportFilters, ReportColumn } from '../../../../common/reports.ts';
import type { Executor } from '../../../db/pool.ts';
import type { Actor } from '../../../platform/actor.ts';
import { visibilityOf } from '../../dossiers/dossiers.access.ts';
import { type DossierFilters, dossiersRepo } from '../../dossiers/dossiers.repo.ts';
import type { ListSource, Rows } from './list-source.ts';

/**
 * Rows read per page, walked by id like the list's pages. Each page pays its joins' set-up (~60 ms at 1M dossiers),
 * so pages are large; memory stays bounded by one page.
 */
const PAGE_ROWS = 20_000;

const labels = {
  fr: {
    reference: 'Référence',
    company: 'Entreprise',
    region: 'Région',
    product: 'Produit',
    status: 'Statut',
    expert: 'Expert',
    estimated: 'Montant estimé',
    audited: 'Montant audité',
    granted: 'Montant accordé',
    obtained: 'Montant obtenu',
    opened: 'Ouvert le',
    changed: 'Statut depuis le',
  },
  en: {
    reference: 'Reference',
    company: 'Company',
    region: 'Region',
    product: 'Product',
    status: 'Status',
    expert: 'Expert',
    estimated: 'Amount estimated',
    audited: 'Amount audited',
    granted: 'Amount granted',
    obtained: 'Amount obtained',
    opened: 'Opened on',
    changed: 'Status since',
  },
};

function columns(locale: 'fr' | 'en'): ReportColumn[] {
  const l = labels[locale];
  return [
    { key: 'reference', label: l.reference, format: 'text' },
    { key: 'company', label: l.company, format: 'text' },
    { key: 'region', label: l.region, format: 'text' },
    { key: 'product', label: l.product, format: 'text' },
    { key: 'status', label: l.status, format: 'text' },
    { key: 'expert', label: l.expert, format: 'text' },
    { key: 'estimated', label: l.estimated, format: 'eur' },
    { key: 'audited', label: l.audited, format: 'eur' },
    { key: 'granted', label: l.granted, format: 'eur' },
    { key: 'obtained', label: l.obtained, format: 'eur' },
    { key: 'opened', label: l.opened, format: 'date' },
    { key: 'changed', label: l.changed, format: 'date' },
  ];
}

/** The list's filters as its reader may apply them (an expert or a client sees only their own dossiers). */
function readerFilters(actor: Actor, f: DossierExportFilters): Omit<DossierFilters, 'limit'> {
  return {
    visibility: visibilityOf(actor),
    statuses: f.status as DossierStatus[] | undefined,
    productCode: f.product,
    expertId: f.expertId,
    region: f.region,
    q: f.q,
    openedFrom: f.openedFrom,
    openedTo: f.openedTo,
  };
}

/** The dossiers of the list, page by page (never the whole list in memory). */
async function* pages(
  db: Executor,
  filters: Omit<DossierFilters, 'limit'>,
  locale: 'fr' | 'en',
): AsyncIterable<Rows> {
  const statusNames = locale === 'fr' ? dossierStatusNamesFr : dossierStatusNamesEn;
  let afterId: string | undefined;
  for (;;) {
    const page = await dossiersRepo.exportPage(db, { ...filters, afterId, limit: PAGE_ROWS });
    yield page.map((d) => ({
      reference: d.reference,
      company: d.companyName,
      region: regionNames[d.companyRegion as Region] ?? d.companyRegion,
      product: d.productName,
      status: statusNames[d.status as DossierStatus],
      expert: d.expertName,
      estimated: d.estimatedCents === null ? null : Number(d.estimatedCents),
      audited: d.auditedCents === null ? null : Number(d.auditedCents),
      granted: d.grantedCents === null ? null : Number(d.grantedCents),
      obtained: d.obtainedCents === null ? null : Number(d.obtainedCents),
      opened: d.openedOn,
      changed: d.statusSince,
    }));
    if (page.length < PAGE_ROWS) return;
    afterId = page[page.length - 1]!.id;
  }
}

/** The dossier list (`GET /api/dossiers`'s filters): every role, each seeing what the list shows them. */
export const dossierList: ListSource<DossierExportFilters> = {
  name: 'dossiers',
  title: () => 'Dossiers',
  check: (_db, actor, filters) => {
    readerFilters(actor, filters);
  },
  columns,
  count: (db, actor, filters) => dossiersRepo.count(db, readerFilters(actor, filters)),
  pages: (db, actor, filters, locale) => pages(db, readerFilters(actor, filters), locale),
};
