import { z } from 'zod';
import { type ExpertSort, expertSorts } from '../../../common/experts.ts';
import { cursorParts } from '../../platform/cursor.ts';

const { id, int, numeric } = cursorParts;

/** The parts of each sort's key, as `sortSpec` in search-planner.ts orders them (the id last). */
const keyParts: Record<ExpertSort, [z.ZodType, ...z.ZodType[]]> = {
  relevance: [int, numeric, id], // tier, rating_score, user_id
  rating: [numeric, id],
  experience: [int, id],
  fee: [numeric, id],
  response: [int, id],
};

const schemaOf = (sort: ExpertSort, key: [z.ZodType, ...z.ZodType[]]) => z.tuple([z.literal(sort), ...key]);

const cursors = new Map(expertSorts.map((sort) => [sort, schemaOf(sort, keyParts[sort])]));
/** Relevance without words sorts as rating does (`sortSpec`). */
const relevanceWithoutText = schemaOf('relevance', keyParts.rating);

/** The schema of a search cursor: the sort it was made for, then that sort's key. */
export function searchCursor(sort: ExpertSort, hasText: boolean): z.ZodType<readonly unknown[]> {
  return sort === 'relevance' && !hasText ? relevanceWithoutText : cursors.get(sort)!;
}
