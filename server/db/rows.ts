import type { Executor } from './pool.ts';

/** The row of a repository's view: a function `(db) => db.selectFrom(…)…select([…])` that queries build on. */
export type RowOf<View extends (db: Executor) => { executeTakeFirst(): Promise<unknown> }> = NonNullable<
  Awaited<ReturnType<ReturnType<View>['executeTakeFirst']>>
>;
