import type { Product, ProductRules, Question } from '../../../common/products.ts';
import type { Db } from '../../db/pool.ts';
import { unprocessable } from '../../platform/errors.ts';
import { productsRepo } from './products.repo.ts';

export type CatalogProduct = Product & { rules: ProductRules };

/** The catalogue of recovery schemes; tiny and read on every simulation, so it is cached for a few seconds. */
export class ProductsService {
  private readonly db: Db;
  private cache: { at: number; products: CatalogProduct[] } | null = null;
  constructor(deps: { db: Db }) {
    this.db = deps.db;
  }

  async listActive(): Promise<CatalogProduct[]> {
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache.products;
    const rows = await productsRepo.listActive(this.db);
    const products = rows.map((r) => ({
      code: r.code,
      name: r.name,
      description: r.description,
      questions: r.questions as Question[],
      rules: r.rules as ProductRules,
      documentCategories: r.documentCategories,
      active: r.active,
    }));
    this.cache = { at: Date.now(), products };
    return products;
  }

  async requireActive(code: string): Promise<CatalogProduct> {
    const product = (await this.listActive()).find((p) => p.code === code);
    if (!product) throw unprocessable('PRODUCT_UNKNOWN', `Produit inconnu : ${code}`);
    return product;
  }
}
