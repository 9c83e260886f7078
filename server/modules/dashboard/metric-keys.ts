/** The metrics the dashboard reads (019_dashboard_metrics.sql writes them), and the flow keys it asks for. */
import { closingStatuses, dossierStatuses } from '../../../common/dossier-lifecycle.ts';
import type { FlowKey } from './dashboard.repo.ts';

/** Statuses a dossier leaves, whose stays the lead-time histograms `lead.<status>` count. */
export const leftStatuses = dossierStatuses.filter((s) => !closingStatuses.includes(s));

/** The flows read as totals. */
export const totalMetrics = [
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
export const histogramMetrics = ['experts.first_response', ...leftStatuses.map((s) => `lead.${s}`)];

/** Every flow key the figures need (each read with all its values). */
export const flowKeys: FlowKey[] = [
  ...totalMetrics.map((metric) => ({ metric, dim: 'all' })),
  ...breakdownMetrics.flatMap((metric) => [
    { metric, dim: 'product' },
    { metric, dim: 'region' },
  ]),
  ...histogramMetrics.map((metric) => ({ metric, dim: 'bucket' })),
];

export const seriesMetrics = {
  opened: 'dossiers.opened',
  closed: 'dossiers.closed',
  estimatedCents: 'amounts.estimated',
  obtainedCents: 'amounts.obtained',
} as const;
