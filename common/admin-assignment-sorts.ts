/** The assignment monitor's constants, without zod: the client's pages import them (common/admin-assignments.ts). */

/** An expert has this long to answer a request (docs/domain.md, `expert_pending`). */
export const expertAnswerHours = 48;

/** `available`: below capacity; `full`: at it; `overloaded`: above it (capacity lowered, or reassignments). */
export const loadStates = ['available', 'full', 'overloaded'] as const;
export type LoadState = (typeof loadStates)[number];

/** `load_desc`: the most loaded (active / capacity) first; `load_asc`: the least; `name`: by last name. */
export const expertLoadSorts = ['load_desc', 'load_asc', 'name'] as const;
export type ExpertLoadSort = (typeof expertLoadSorts)[number];
