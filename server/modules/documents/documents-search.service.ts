import type { z } from 'zod';
import {
  type DocumentSearchHit,
  type DocumentSummary,
  documentCategories,
  type documentSearchQuery,
} from '../../../common/documents.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Config } from '../../config.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { visibilityOf } from '../dossiers/dossiers.access.ts';
import { toDocumentSummary, versionsByDocument } from './documents.presenter.ts';
import { documentsRepo } from './documents.repo.ts';
import {
  documentsSearchRepo as repo,
  type SearchFilters,
  type SearchHitRow,
  type SearchScope,
  SNIPPET_START,
  SNIPPET_STOP,
} from './documents-search.repo.ts';
import {
  expectedPages,
  pageShare,
  readWordStatistics,
  type WordStatistics,
} from './documents-search.statistics.ts';

export type DocumentsSearchDeps = Pick<Platform, 'db' | 'clock'> & {
  config: Pick<Config, 'documentRetentionYears'>;
};

/** How long the statistics of the words are used before they are read again (ANALYZE runs seldom). */
const STATISTICS_TTL_MS = 10 * 60_000;

type SearchQuery = z.output<typeof documentSearchQuery>;

const namedCategories = Object.entries(documentCategories).map(([code, names]) => ({ code, name: names.fr }));

/**
 * "My documents": the documents of every dossier the caller may read (a client their company's, an expert those
 * assigned to them, an admin all), found by words inside their current version or in their name, or listed newest
 * first without words.
 */
export class DocumentsSearchService extends Service<DocumentsSearchDeps> {
  private statistics: { readAt: number; read: Promise<WordStatistics> } | undefined;

  async search(user: AuthUser, query: SearchQuery): Promise<Page<DocumentSearchHit>> {
    const { db } = this.deps;
    // NUL and other control characters are no words (and PostgreSQL refuses NUL).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    const q = query.q?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || undefined;
    const [scope, words, statistics] = await Promise.all([
      this.scopeOf(user, query.dossierId),
      q ? repo.wordsOf(db, q, namedCategories) : null,
      q ? this.wordStatistics() : null,
    ]);
    if (scope !== 'all' && scope.length === 0) return { items: [], nextCursor: null };
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const filters: SearchFilters = {
      scope,
      category: query.category,
      status: query.status,
      from: query.from,
      to: query.to,
      after: key && { updatedAt: key[0], id: key[1] },
      limit: query.limit,
    };
    const rows: (SearchHitRow | { id: string; updatedAt: Date })[] =
      q && words && statistics
        ? await repo.search(db, filters, q, {
            ...words,
            expectedPages: expectedPages(statistics, words.lexemes, scope),
            pageShare: pageShare(statistics, words.lexemes),
          })
        : await repo.list(db, filters);
    const page = pageOf(rows, query.limit, (last) => [last.updatedAt.toISOString(), last.id]);
    const summaries = await this.summaries(page.items.map((r) => r.id));
    return {
      // A document deleted meanwhile is left out.
      items: page.items.flatMap((row) => {
        const document = summaries.get(row.id);
        return document ? [{ document, ...('snippet' in row ? whereFound(row) : unmatched) }] : [];
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The statistics of the pages' words, read again once they are STATISTICS_TTL_MS old. */
  private wordStatistics(): Promise<WordStatistics> {
    const now = this.deps.clock.now().getTime();
    if (!this.statistics || now - this.statistics.readAt >= STATISTICS_TTL_MS) {
      const read = readWordStatistics(this.deps.db);
      this.statistics = { readAt: now, read };
      // A failed read is not kept: the next search tries again.
      read.catch(() => {
        if (this.statistics?.read === read) this.statistics = undefined;
      });
    }
    return this.statistics.read;
  }

  /** The dossiers whose documents the caller may read, within the one asked for if any. */
  private async scopeOf(user: AuthUser, dossierId: string | undefined): Promise<SearchScope> {
    const visibility = visibilityOf(user);
    if (visibility === 'all') return dossierId ? [dossierId] : 'all';
    const ids = await repo.dossierIdsOf(this.deps.db, visibility);
    return dossierId ? ids.filter((id) => id === dossierId) : ids;
  }

  private async summaries(ids: string[]): Promise<Map<string, DocumentSummary>> {
    const { db, config } = this.deps;
    const [documents, versions] = await Promise.all([
      documentsRepo.findMany(db, ids),
      documentsRepo.versionsOf(db, ids),
    ]);
    const byDocument = versionsByDocument(versions);
    return new Map(
      documents.map((d) => [
        d.id,
        toDocumentSummary(d, byDocument.get(d.id) ?? [], config.documentRetentionYears),
      ]),
    );
  }
}

const unmatched = { match: null, page: null, snippet: null };

/** Where the words are: a page and the text around them, or the name. */
function whereFound(row: SearchHitRow): Omit<DocumentSearchHit, 'document'> {
  if (row.page !== null) return { match: 'content', page: row.page, snippet: marked(row.snippet ?? '') };
  const snippet = row.snippet && row.name ? marked(withSeparators(row.snippet, row.name)) : null;
  return { match: 'name', page: null, snippet };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything escaped, then the markers made `<mark>` elements: the only HTML a snippet holds. */
function marked(snippet: string): string {
  return snippet
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
    .replaceAll(SNIPPET_START, '<mark>')
    .replaceAll(SNIPPET_STOP, '</mark>');
}

/**
 * A name was highlighted with its separators ("._-") turned into spaces, so that "facture_mars.pdf" shows its words:
 * the markers go back into the name itself. Should the highlight not be the name character for character, the name
 * is shown without them.
 */
function withSeparators(highlighted: string, name: string): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < highlighted.length; i++) {
    const unit = highlighted[i];
    out += unit === SNIPPET_START || unit === SNIPPET_STOP ? unit : (name[at++] ?? '');
  }
  return at === name.length ? out : name;
}
