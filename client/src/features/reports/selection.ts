import { type Region, regions } from '../../../../common/reference.ts';
import type { ExportRequest, ReportFormat, ReportParams, ReportType } from '../../../../common/reports.ts';
import type { Role } from '../../../../common/roles.ts';
import { type PeriodRange, rangeParams, readRange } from '../../shared/period.ts';

/** The reports each role may read, the first one shown by default (the API refuses the others). */
export const reportTypesOf: Record<Role, readonly ReportType[]> = {
  admin: ['platform', 'expert', 'pipeline', 'financial'],
  expert: ['expert', 'pipeline'],
  client: ['client'],
};

/** Whether a role may have reports e-mailed on a schedule. */
export const canSchedule = (role: Role) => role !== 'client';

/** What the page shows: a report, its period and its scope, all kept in the URL. */
export type ReportSelection = {
  type: ReportType;
  range: PeriodRange;
  productCode?: string;
  region?: Region;
  /** The expert an admin reads the expert report of (an expert always reads their own). */
  expertId?: string;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The report the URL asks for (`type`, the period, `product`, `region`, `expert`); what is wrong is left out. */
export function readSelection(params: URLSearchParams, role: Role, today: string): ReportSelection {
  const types = reportTypesOf[role];
  const askedType = params.get('type') as ReportType | null;
  const type = askedType && types.includes(askedType) ? askedType : (types[0] as ReportType);
  const product = params.get('product');
  const region = params.get('region') as Region | null;
  const expert = params.get('expert');
  return {
    type,
    range: readRange(params, today),
    ...(product && product.length <= 32 ? { productCode: product } : {}),
    ...(region && regions.includes(region) ? { region } : {}),
    ...(role === 'admin' && type === 'expert' && expert && uuid.test(expert) ? { expertId: expert } : {}),
  };
}

/** The URL parameters of a selection, read back the same by `readSelection`. */
export function selectionParams(selection: ReportSelection): Record<string, string> {
  return {
    type: selection.type,
    ...rangeParams(selection.range),
    ...(selection.productCode ? { product: selection.productCode } : {}),
    ...(selection.region ? { region: selection.region } : {}),
    ...(selection.expertId ? { expert: selection.expertId } : {}),
  };
}

/** An admin's expert report needs its expert before it can be asked for. */
export const isComplete = (selection: ReportSelection, role: Role) =>
  !(role === 'admin' && selection.type === 'expert' && !selection.expertId);

/** The report's parameters as the API takes them. */
export function reportParams({ range, productCode, region, expertId }: ReportSelection): ReportParams {
  return {
    from: range.from,
    to: range.to,
    ...(productCode ? { productCode } : {}),
    ...(region ? { region } : {}),
    ...(expertId ? { expertId } : {}),
  };
}

export function exportRequest(
  selection: ReportSelection,
  format: ReportFormat,
  locale: 'fr' | 'en',
): ExportRequest {
  return { kind: 'report', type: selection.type, params: reportParams(selection), format, locale };
}
