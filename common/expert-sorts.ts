/** The marketplace's sort orders, apart from the schemas (no zod) so that the search page can ship without them. */
export const expertSorts = ['relevance', 'rating', 'experience', 'fee', 'response'] as const;
export type ExpertSort = (typeof expertSorts)[number];
