import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../server/db/pool.ts';
import { freshDatabase } from '../tests/support/test-app.ts';
import { buildPageIndexes, dropPageIndexes, secondaryPageIndexes } from './documents-pages.ts';

describe('the search indexes of the generated pages', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshDatabase();
    ({ db } = createDb(fresh.url, 2));
  });
  afterAll(async () => {
    await db?.destroy();
    await fresh?.drop();
  });

  it('are built again by the generation after one interrupted between their drop and their build', async () => {
    const migrated = await secondaryPageIndexes(db);
    expect(migrated.map((i) => i.name)).toContain('document_pages_search_idx');

    await dropPageIndexes(db);
    // Killed here; the next generation starts over and drops what is left, then builds.
    await dropPageIndexes(db);
    expect(await secondaryPageIndexes(db)).toEqual([]);
    expect(await buildPageIndexes(db)).toBe(migrated.length);

    expect(await secondaryPageIndexes(db)).toEqual(migrated);
  });
});
