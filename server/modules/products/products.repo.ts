import type { Executor } from '../../db/pool.ts';

export const productsRepo = {
  listActive: (db: Executor) =>
    db
      .selectFrom('products')
      .select(['code', 'name', 'description', 'questions', 'rules', 'documentCategories', 'active'])
      .where('active', '=', true)
      .orderBy('sortOrder')
      .execute(),
};

export const simulationsRepo = {
  insert: (
    db: Executor,
    row: {
      id: string;
      userId: string | null;
      answers: string;
      results: string;
      totalEstimatedCents: number;
      createdAt: Date;
    },
  ) => db.insertInto('simulations').values(row).execute(),

  lockForUpdate: (db: Executor, id: string) =>
    db.selectFrom('simulations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

  claim: (db: Executor, id: string, userId: string) =>
    db.updateTable('simulations').set({ userId }).where('id', '=', id).execute(),
};
