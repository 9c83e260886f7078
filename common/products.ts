import { z } from 'zod';

/** Why the catalogue or the simulator refuses a request. */
export const productErrorCodes = [
  'PRODUCT_UNKNOWN',
  'SIMULATION_ANSWER_UNKNOWN',
  'SIMULATION_ANSWER_INVALID',
  'SIMULATION_PRODUCT_NOT_ELIGIBLE',
] as const;

/**
 * Products are data: each carries its questions, an eligibility rule, an estimate formula and the reasons to show.
 * Rules and formulas are small JSON expressions evaluated by `evaluate`, so an admin can add a product without code.
 */
export type Expr =
  | number
  | boolean
  | string
  | { var: string }
  | { op: 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max' | 'and' | 'or'; args: Expr[] }
  | { op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq'; args: [Expr, Expr] }
  | { op: 'in'; args: [Expr, Expr[]] }
  | { op: 'not'; args: [Expr] }
  | { op: 'if'; args: [Expr, Expr, Expr] };

export const expr: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.number(),
    z.boolean(),
    z.string().max(200),
    z.object({ var: z.string().max(64) }),
    z.object({
      op: z.enum([
        'add',
        'sub',
        'mul',
        'div',
        'min',
        'max',
        'and',
        'or',
        'gt',
        'gte',
        'lt',
        'lte',
        'eq',
        'neq',
        'not',
        'if',
      ]),
      args: z.array(expr).max(20),
    }),
    z.object({ op: z.literal('in'), args: z.tuple([expr, z.array(expr).max(50)]) }),
  ]),
) as z.ZodType<Expr>;

export type Answers = Record<string, number | boolean | string | undefined>;
type Value = number | boolean | string | undefined;

const num = (v: Value) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : 0);

export function evaluate(e: Expr, answers: Answers): Value {
  if (typeof e !== 'object') return e;
  if ('var' in e) return answers[e.var];
  const a = e.args as Expr[];
  const at = (i: number) => evaluate(a[i] as Expr, answers);
  switch (e.op) {
    case 'add':
      return a.reduce<number>((s, x) => s + num(evaluate(x, answers)), 0);
    case 'mul':
      return a.reduce<number>((s, x) => s * num(evaluate(x, answers)), 1);
    case 'sub':
      return num(at(0)) - num(at(1));
    case 'div': {
      const d = num(at(1));
      return d === 0 ? 0 : num(at(0)) / d;
    }
    case 'min':
      return Math.min(...a.map((x) => num(evaluate(x, answers))));
    case 'max':
      return Math.max(...a.map((x) => num(evaluate(x, answers))));
    case 'and':
      return a.every((x) => Boolean(evaluate(x, answers)));
    case 'or':
      return a.some((x) => Boolean(evaluate(x, answers)));
    case 'not':
      return !at(0);
    case 'gt':
      return num(at(0)) > num(at(1));
    case 'gte':
      return num(at(0)) >= num(at(1));
    case 'lt':
      return num(at(0)) < num(at(1));
    case 'lte':
      return num(at(0)) <= num(at(1));
    case 'eq':
      return at(0) === at(1);
    case 'neq':
      return at(0) !== at(1);
    case 'in': {
      const value = at(0);
      return (e.args[1] as Expr[]).some((x) => evaluate(x, answers) === value);
    }
    case 'if':
      return at(0) ? at(1) : at(2);
  }
}

export const localizedText = z.object({ fr: z.string().min(1).max(500), en: z.string().min(1).max(500) });
export type LocalizedText = z.infer<typeof localizedText>;

export const question = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/),
  label: localizedText,
  help: localizedText.optional(),
  type: z.enum(['number', 'boolean', 'select']),
  unit: z.string().max(20).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.object({ value: z.string(), label: localizedText })).optional(),
});
export type Question = z.infer<typeof question>;

export const reasonRule = z.object({ when: expr.optional(), text: localizedText });

export const productRules = z.object({
  eligibleWhen: expr,
  /** Estimated recoverable amount, in cents. */
  estimateCents: expr,
  reasons: z.array(reasonRule).max(10),
});
export type ProductRules = z.infer<typeof productRules>;

export const product = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  questions: z.array(question),
  documentCategories: z.array(z.string()),
  active: z.boolean(),
});
export type Product = z.infer<typeof product>;

/** Fills `{field}` placeholders with the answers, numbers formatted for the locale. */
export function fillTemplate(template: string, answers: Answers, locale: 'fr' | 'en'): string {
  const fmt = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = answers[key];
    return typeof v === 'number' ? fmt.format(v) : v === undefined ? '' : String(v);
  });
}

/** At most this many answers in a simulation (the catalogue asks far fewer questions). */
export const MAX_SIMULATION_ANSWERS = 50;

export const simulationAnswers = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/),
    z.union([z.number().finite().min(0).max(1e12), z.boolean(), z.string().max(100)]),
  )
  .refine((a) => Object.keys(a).length <= MAX_SIMULATION_ANSWERS, {
    message: `Au plus ${MAX_SIMULATION_ANSWERS} réponses`,
  });

export const simulationInput = z.object({ answers: simulationAnswers });

export const simulationResult = z.object({
  productCode: z.string(),
  productName: z.string(),
  estimatedCents: z.number().int(),
  reasons: z.array(z.string()),
});
export type SimulationResult = z.infer<typeof simulationResult>;

export const simulation = z.object({
  id: z.string().uuid(),
  answers: simulationAnswers,
  results: z.array(simulationResult),
  totalEstimatedCents: z.number().int(),
  createdAt: z.string(),
});
export type Simulation = z.infer<typeof simulation>;

export const createDossiersFromSimulationInput = z.object({
  productCodes: z.array(z.string()).min(1).max(20),
});
