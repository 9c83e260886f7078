import type { CellValue, ReportColumn } from '../../../../common/reports.ts';
import type { Executor } from '../../../db/pool.ts';
import type { Actor } from '../../../platform/actor.ts';

export type Rows = Record<string, CellValue>[];

/**
 * A list that exports with the filters of its page: who may export it (checked when asked and again when the job
 * runs), its columns, how many rows it will write (null: unknown, the progress bar is indeterminate), and its rows
 * page by page, read along the list's own order and limited to what the reader may see.
 */
export type ListSource<F> = {
  /** The file's name before its date (`dossiers`, `journal-audit`…) and its sheet's title. */
  name: string;
  title: (locale: 'fr' | 'en') => string;
  check: (db: Executor, actor: Actor, filters: F) => void | Promise<void>;
  /** Run once when the export is asked (an audit entry, say). */
  onRequest?: (db: Executor, actor: Actor, filters: F, at: Date) => Promise<void>;
  columns: (locale: 'fr' | 'en') => ReportColumn[];
  count: (db: Executor, actor: Actor, filters: F) => Promise<number | null>;
  pages: (db: Executor, actor: Actor, filters: F, locale: 'fr' | 'en') => AsyncIterable<Rows>;
};
