import type { TemplateDiff, WorkflowStep } from '../../../common/workflows.ts';

type Version = { version: number; steps: WorkflowStep[] };

/** The settings of a step a diff compares (its key identifies it across versions). */
const comparedFields = [
  'name',
  'role',
  'status',
  'requiredDocuments',
  'validation',
  'sla',
  'actions',
  'skipIf',
  'signature',
] as const satisfies readonly (keyof WorkflowStep)[];

/** JSON with object keys sorted: stored steps come back from jsonb with their keys in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Indexes (into `values`) of one longest strictly increasing subsequence. */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  for (const [i, v] of values.entries()) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i] as number) kept.add(i);
  return kept;
}

/**
 * What changed from one version to another, step keys identifying steps: added, removed, changed (the fields that
 * differ) and moved — the fewest steps whose moves explain the new order (the others kept their relative order).
 */
export function diffTemplates(from: Version, to: Version): TemplateDiff {
  const fromIndex = new Map(from.steps.map((s, i) => [s.key, i]));
  const toIndex = new Map(to.steps.map((s, i) => [s.key, i]));
  const kept = to.steps.filter((s) => fromIndex.has(s.key));
  const stay = longestIncreasing(kept.map((s) => fromIndex.get(s.key) as number));
  return {
    from: from.version,
    to: to.version,
    added: to.steps
      .map((s, position) => ({ key: s.key, name: s.name, position }))
      .filter((s) => !fromIndex.has(s.key)),
    removed: from.steps
      .map((s, position) => ({ key: s.key, name: s.name, position }))
      .filter((s) => !toIndex.has(s.key)),
    changed: kept.flatMap((s) => {
      const before = from.steps[fromIndex.get(s.key) as number] as WorkflowStep;
      const fields = comparedFields.filter((f) => canonical(before[f]) !== canonical(s[f]));
      return fields.length > 0 ? [{ key: s.key, name: s.name, fields: [...fields] }] : [];
    }),
    moved: kept.flatMap((s, i) =>
      stay.has(i)
        ? []
        : [{ key: s.key, from: fromIndex.get(s.key) as number, to: toIndex.get(s.key) as number }],
    ),
  };
}
