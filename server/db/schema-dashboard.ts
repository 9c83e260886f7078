import type { ColumnType } from 'kysely';

/** bigint columns are parsed as numbers (server/db/pool.ts); dates are read as text by the repository (`::text`). */
type BigInt = ColumnType<number, number, number>;
type Day = ColumnType<Date, string, string>;

/** The dashboard's aggregates (019_dashboard_metrics.sql), written only by the database's triggers. */
export interface MetricDailyTable {
  metric: string;
  dim: 'all' | 'product' | 'region' | 'bucket';
  day: Day;
  dimValue: string;
  value: BigInt;
}

/** A flow's running totals by dim_value (the sums of its days up to and including `day`; zeros left out). */
export interface MetricRunningTable {
  metric: string;
  dim: 'all' | 'product' | 'region' | 'bucket';
  day: Day;
  totals: ColumnType<Record<string, number>, string, string>;
}

export interface MetricGaugesTable {
  metric: string;
  dim: 'all' | 'product' | 'region';
  dimValue: string;
  value: BigInt;
}

export interface FeeRatesTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  expertPercent: ColumnType<string, number, number>;
  platformSharePercent: ColumnType<string, number, number>;
  vatPercent: ColumnType<string, number, number>;
}

export interface DashboardTables {
  metricDaily: MetricDailyTable;
  metricRunning: MetricRunningTable;
  metricGauges: MetricGaugesTable;
  feeRates: FeeRatesTable;
}
