import { sql } from 'kysely';
import type { Executor } from '../../server/db/pool.ts';
import { round2 } from '../support.ts';

/** PostgreSQL's WAL counters since its statistics were last reset (`pg_stat_wal`). */
export type WalTotals = { records: number; fullPageImages: number; bytes: number };

export async function walTotals(db: Executor): Promise<WalTotals> {
  const { rows } = await sql<{ records: string; fpi: string; bytes: string }>`
    SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes FROM pg_stat_wal`.execute(db);
  const row = rows[0]!;
  return { records: Number(row.records), fullPageImages: Number(row.fpi), bytes: Number(row.bytes) };
}

/**
 * What a phase wrote to the WAL, per message sent: the volume every commit's flush carries. Full-page images are the
 * first change of each page after a checkpoint began, written whole.
 */
export function walSummary(before: WalTotals, after: WalTotals, messages: number): string {
  const bytes = after.bytes - before.bytes;
  const records = after.records - before.records;
  const images = after.fullPageImages - before.fullPageImages;
  const per = (n: number) => round2(n / Math.max(1, messages));
  return (
    `WAL written ${round2(bytes / 1e6)} MB: ${records} records, ${images} full-page images; ` +
    `per message ${per(records)} records, ${per(images)} images, ${per(bytes / 1e3)} KB`
  );
}
