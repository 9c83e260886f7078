import {
  type Answers,
  evaluate,
  fillTemplate,
  type ProductRules,
  type SimulationResult,
} from '../../../common/products.ts';

export type SimulatedProduct = { code: string; name: string; rules: ProductRules };

/** Runs every product's rules on the answers: the eligible ones, largest estimate first. */
export function simulate(
  products: SimulatedProduct[],
  answers: Answers,
  locale: 'fr' | 'en',
): SimulationResult[] {
  const results: SimulationResult[] = [];
  for (const product of products) {
    if (!evaluate(product.rules.eligibleWhen, answers)) continue;
    const raw = Number(evaluate(product.rules.estimateCents, answers));
    const estimatedCents = Number.isFinite(raw) ? Math.max(0, Math.round(raw)) : 0;
    if (estimatedCents <= 0) continue;
    const reasons = product.rules.reasons
      .filter((r) => r.when === undefined || evaluate(r.when, answers))
      .map((r) => fillTemplate(r.text[locale], answers, locale));
    results.push({ productCode: product.code, productName: product.name, estimatedCents, reasons });
  }
  return results.sort(
    (a, b) => b.estimatedCents - a.estimatedCents || a.productCode.localeCompare(b.productCode),
  );
}
