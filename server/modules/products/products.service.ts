import type { Product, ProductRules, Question } from '../../../common/products.ts';
import { unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { productsRepo } from './products.repo.ts';

export type CatalogProduct = Product & { rules: ProductRules };

export type ProductsDeps = Pick<Platform, 'db'>;

/** The catalogue of recovery schemes; tiny and read on every simulation, so it is cached for a few seconds. */
export class ProductsService extends Service<ProductsDeps> {
  private cache: { at: number; products: CatalogProduct[] } | null = null;

  async listActive(): Promise<CatalogProduct[]> {
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache.products;
    const rows = await productsRepo.listActive(this.deps.db);
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
