/** The metrics the dashboard reads (019_dashboard_metrics.sql writes them), and the flow keys it asks for. */
import { closingStatuses, dossierStatuses } from '../../../common/dossier-lifecycle.ts';
import { regions } from '../../../common/reference.ts';
import type { FlowKey } from './dashboard.repo.ts';
import { bucketBoundsMinutes } from './histogram.ts';

/** Statuses a dossier leaves, whose stays the lead-time histograms `lead.<status>` count. */
export const leftStatuses = dossierStatuses.filter((s) => !closingStatuses.includes(s));

/** The flows read as totals. */
const totalMetrics = [
  'clients.new',
  'experts.new',
  'simulations.created',
  'dossiers.opened',
  'dossiers.closed',
  'dossiers.expert_assigned',
  'dossiers.refunded',
  'amounts.estimated',
  'amounts.audited',
  'amounts.granted',
  'amounts.obtained',
  'fees.expert',
  'fees.platform',
  'fees.expert_net',
  'fees.vat',
  'sla.met',
  'sla.breached',
];
/** The flows read by product and by region. */
const breakdownMetrics = ['dossiers.opened', 'amounts.obtained'];
/** The flows read as histograms of durations. */
const histogramMetrics = ['experts.first_response', ...leftStatuses.map((s) => `lead.${s}`)];

/** Every flow key the figures need, given the products on sale. */
export function flowKeys(productCodes: readonly string[]): FlowKey[] {
  const key = (metric: string, dim: string, dimValue: string) => ({ metric, dim, dimValue });
  return [
    ...totalMetrics.map((m) => key(m, 'all', '')),
    ...breakdownMetrics.flatMap((m) => [
      ...productCodes.map((code) => key(m, 'product', code)),
      ...regions.map((region) => key(m, 'region', region)),
    ]),
    ...histogramMetrics.flatMap((m) => bucketBoundsMinutes.map((upper) => key(m, 'bucket', String(upper)))),
  ];
}

export const seriesMetrics = {
  opened: 'dossiers.opened',
  closed: 'dossiers.closed',
  estimatedCents: 'amounts.estimated',
  obtainedCents: 'amounts.obtained',
} as const;
