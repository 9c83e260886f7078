import { sql } from 'kysely';
import type { Db, Executor } from '../../db/pool.ts';
import { fetchLimit } from '../../platform/cursor.ts';
import { messageView } from './messages.repo.ts';

export type SearchFilters = {
  conversationIds: string[];
  query: string;
  senderId?: string;
  from?: Date;
  to?: Date;
  hasAttachment?: boolean;
  before?: { createdAt: Date; id: string };
  limit: number;
};

export const messageSearchRepo = {
  expectedMatches,

  /**
   * Newest matches first, planned so that neither rare nor common words get slow over millions of messages: the
   * GIN index finds a rare word at once but must list every occurrence of a common one; walking messages newest
   * first (messages_recent_idx) meets a common word within a few rows but may read everything for a rare one.
   */
  search: (db: Db, f: SearchFilters) =>
    db.transaction().execute(async (trx) => {
      const tsquery = sql`messaging_search_query(${f.query})`;
      let matches = trx
        .selectFrom('messages as m')
        .select(['m.id', 'm.createdAt'])
        .where('m.conversationId', 'in', f.conversationIds)
        .where(sql<boolean>`m.body_tsv @@ ${tsquery}`)
        .where('m.deletedAt', 'is', null);
      if (f.senderId) matches = matches.where('m.senderId', '=', f.senderId);
      if (f.from) matches = matches.where('m.createdAt', '>=', f.from);
      if (f.to) matches = matches.where('m.createdAt', '<', f.to);
      if (f.hasAttachment !== undefined) matches = matches.where('m.hasAttachments', '=', f.hasAttachment);
      if (f.before) {
        matches = matches.where(sql<boolean>`(m.created_at, m.id) < (${f.before.createdAt}, ${f.before.id})`);
      }
      const byGinIndex = async () => {
        // Through the word index only (the planner cannot guess how rare an unseen word is).
        await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(
          trx,
        );
        const candidates = await matches.limit(SEARCH_CANDIDATES).execute();
        await sql`SELECT set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true)`.execute(
          trx,
        );
        return candidates.length < SEARCH_CANDIDATES
          ? newestFirst(candidates).slice(0, fetchLimit(f.limit))
          : null;
      };
      // Too many matches to sort: the planner's newest-first plan reaches enough of them early.
      const ordered = () =>
        matches.orderBy('m.createdAt', 'desc').orderBy('m.id', 'desc').limit(fetchLimit(f.limit)).execute();
      let found: { id: string; createdAt: Date }[];
      if (f.conversationIds.length <= SEARCH_NARROW_SCOPE) {
        // A few conversations: the word index (conversation ids inside it) gives every match, sorted here.
        found = (await byGinIndex()) ?? (await ordered());
      } else {
        // Many conversations: words that many of their messages hold are met early walking the newest messages
        // (the planner's plan for `ordered`); rarer ones are cheap to list through the word index.
        const common = (await expectedMatches(trx, f.query, f.conversationIds)) >= SEARCH_CANDIDATES;
        found = common ? await ordered() : ((await byGinIndex()) ?? (await ordered()));
      }
      const ids = newestFirst(found)
        .slice(0, fetchLimit(f.limit))
        .map((m) => m.id);
      if (ids.length === 0) return [];
      const options = 'StartSel=[[, StopSel=]], MaxWords=30, MinWords=12';
      return messageView(trx)
        .innerJoin('conversations as c', 'c.id', 'm.conversationId')
        .select([
          'c.kind as conversationKind',
          // Highlighted with the accent-folding configuration, or with the plain one when only it matched.
          sql<string>`(SELECT CASE WHEN strpos(h.folded, '[[') > 0 THEN h.folded
              ELSE ts_headline('pg_catalog.french', m.body, ${tsquery}, ${options}) END
            FROM (SELECT ts_headline('public.messaging_french', m.body, ${tsquery}, ${options}) AS folded) h)`.as(
            'snippet',
          ),
        ])
        .where('m.id', 'in', ids)
        .orderBy('m.createdAt', 'desc')
        .orderBy('m.id', 'desc')
        .execute();
    }),
};

/**
 * Matches listed through the word index at most: with more, walking the newest messages costs less. Also the
 * number of expected matches from which a wide search walks first.
 */
const SEARCH_CANDIDATES = 2000;
/** Up to this many conversations, search starts with the word index; beyond, it asks how common the words are. */
const SEARCH_NARROW_SCOPE = 20;

/**
 * How many messages of these conversations should match, from PostgreSQL's statistics of the messages' words (the
 * most common lexemes and their frequencies, kept by ANALYZE): the product of the query's word frequencies times
 * the conversations' message count. A word the statistics do not list is rarer than all they list: 0.
 */
async function expectedMatches(db: Executor, query: string, conversationIds: string[]): Promise<number> {
  const { rows } = await sql<{ expected: number | null }>`
    SELECT CASE WHEN count(*) = 0 OR bool_or(f.freq IS NULL) THEN 0 ELSE exp(sum(ln(f.freq))) END
           * (SELECT coalesce(sum(c.last_seq), 0) FROM conversations c WHERE c.id = ANY(${conversationIds}::uuid[]))
           AS expected
    FROM unnest(tsvector_to_array(to_tsvector('public.messaging_french', ${query}))) AS l(lexeme)
    LEFT JOIN LATERAL (
      SELECT s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], l.lexeme)] AS freq
      FROM pg_stats s
      WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'body_tsv'
    ) f ON true`.execute(db);
  return Number(rows[0]?.expected ?? 0);
}

const newestFirst = <T extends { id: string; createdAt: Date }>(rows: T[]) =>
  [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
