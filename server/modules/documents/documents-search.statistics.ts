import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { SearchScope } from './documents-search.repo.ts';

/**
 * PostgreSQL's statistics of the pages' words, kept by ANALYZE: the most common lexemes (10,000 of them, migration
 * 017) with the share of pages holding each, and the table sizes. A search reads them from memory: reading them
 * from pg_stats costs more than a search (7 ms), and they change only when ANALYZE runs.
 */
export type WordStatistics = { frequencies: Map<string, number>; pages: number; dossiers: number };

export async function readWordStatistics(db: Executor): Promise<WordStatistics> {
  const { rows } = await sql<{
    lexemes: string[] | null;
    freqs: number[] | null;
    pages: number;
    dossiers: number;
  }>`
    SELECT s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs AS freqs,
           (SELECT reltuples FROM pg_class WHERE oid = 'document_pages'::regclass) AS pages,
           (SELECT reltuples FROM pg_class WHERE oid = 'dossiers'::regclass) AS dossiers
    FROM (SELECT 1) one
    LEFT JOIN pg_stats s
      ON s.schemaname = current_schema() AND s.tablename = 'document_pages' AND s.attname = 'tsv'`.execute(
    db,
  );
  const row = rows[0];
  const lexemes = row?.lexemes ?? [];
  return {
    frequencies: new Map(lexemes.map((lexeme, i) => [lexeme, row?.freqs?.[i] ?? 0])),
    // reltuples is -1 before the first ANALYZE.
    pages: Math.max(0, Number(row?.pages ?? 0)),
    dossiers: Math.max(0, Number(row?.dossiers ?? 0)),
  };
}

/**
 * The share of all pages expected to hold every one of these lexemes: the product of their frequencies. A lexeme the
 * statistics do not list is rarer than all they list: 0.
 */
export function pageShare(stats: WordStatistics, lexemes: readonly string[]): number {
  if (lexemes.length === 0) return 0;
  return lexemes.reduce((product, lexeme) => product * (stats.frequencies.get(lexeme) ?? 0), 1);
}

/** How many pages of the scope should hold all these lexemes: their share of the pages, times the scope's share. */
export function expectedPages(stats: WordStatistics, lexemes: readonly string[], scope: SearchScope): number {
  const share = scope === 'all' ? 1 : Math.min(1, scope.length / Math.max(1, stats.dossiers));
  return pageShare(stats, lexemes) * stats.pages * share;
}
