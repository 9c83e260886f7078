import type { Db } from '../pool.ts';
import { productDefinitions } from './products.ts';

/** Inserts the products of docs/domain.md that are missing; products an admin edited are left as they are. */
export async function seedProducts(db: Db): Promise<void> {
  await db
    .insertInto('products')
    .values(
      productDefinitions.map((p, i) => ({
        code: p.code,
        name: p.name,
        description: p.description,
        questions: JSON.stringify(p.questions),
        rules: JSON.stringify(p.rules),
        documentCategories: p.documentCategories,
        active: true,
        sortOrder: i,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
