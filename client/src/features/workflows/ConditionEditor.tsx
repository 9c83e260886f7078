import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Expr } from '../../../../common/products.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';

const comparisons = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
type Comparison = (typeof comparisons)[number];
type Simple = { variable: string; op: Comparison; value: string };

/** The simple form of a condition, "answer X is / is above … value", when the expression has that shape. */
function simpleOf(condition: Expr | undefined): Simple | null {
  if (condition === undefined) return { variable: '', op: 'eq', value: '' };
  if (typeof condition !== 'object' || !('op' in condition)) return null;
  const [left, right] = condition.args as Expr[];
  if (!comparisons.includes(condition.op as Comparison) || condition.args.length !== 2) return null;
  if (typeof left !== 'object' || !('var' in left) || typeof right === 'object') return null;
  return { variable: left.var, op: condition.op as Comparison, value: String(right) };
}

/** A typed value: a number or a boolean when it reads as one, text otherwise. */
const typedValue = (text: string): number | boolean | string =>
  text === 'true'
    ? true
    : text === 'false'
      ? false
      : text.trim() !== '' && !Number.isNaN(Number(text))
        ? Number(text)
        : text;

type Props = { value: Expr | undefined; onChange: (value: Expr | undefined) => void };

/**
 * A step's `skipIf`: a simple builder (skip when answer X is, is above… a value) or the expression as JSON, with
 * its validation errors shown.
 */
export function ConditionEditor({ value, onChange }: Props) {
  const { t } = useTranslation();
  const simple = simpleOf(value);
  const [json, setJson] = useState<string | null>(simple ? null : JSON.stringify(value, null, 1));
  const [error, setError] = useState<string | null>(null);
  const jsonId = useId();
  const typed = useRef(0);

  const setSimple = (next: Simple) =>
    onChange(
      next.variable.trim()
        ? { op: next.op, args: [{ var: next.variable.trim() }, typedValue(next.value)] }
        : undefined,
    );
  const setText = async (text: string) => {
    const turn = ++typed.current;
    setJson(text);
    if (!text.trim()) {
      setError(null);
      return onChange(undefined);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return setError((e as Error).message);
    }
    // The expression's schema (and zod with it) loads when a condition is written as JSON, not with the page.
    const { expr } = await import('../../../../common/products.ts');
    if (turn !== typed.current) return; // typed again meanwhile
    const parsed = expr.safeParse(value);
    if (!parsed.success)
      return setError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; '));
    setError(null);
    onChange(parsed.data);
  };

  return (
    <fieldset className="space-y-2 rounded-lg border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">
        {t('workflowEditor.condition.title')}
      </legend>
      {json === null && simple ? (
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
          <TextField
            label={t('workflowEditor.condition.variable')}
            hint={t('workflowEditor.condition.variableHint')}
            value={simple.variable}
            onChange={(e) => setSimple({ ...simple, variable: e.target.value })}
          />
          <SelectField
            label={t('workflowEditor.condition.op')}
            value={simple.op}
            options={comparisons.map((op) => ({ value: op, label: t(`workflowEditor.condition.ops.${op}`) }))}
            onChange={(e) => setSimple({ ...simple, op: e.target.value as Comparison })}
          />
          <TextField
            label={t('workflowEditor.condition.value')}
            value={simple.value}
            onChange={(e) => setSimple({ ...simple, value: e.target.value })}
          />
        </div>
      ) : (
        <div className="space-y-1">
          <label htmlFor={jsonId} className="block text-sm font-medium text-slate-700">
            {t('workflowEditor.condition.json')}
          </label>
          <textarea
            id={jsonId}
            rows={4}
            value={json ?? ''}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${jsonId}-error` : undefined}
            onChange={(e) => void setText(e.target.value)}
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-xs aria-[invalid=true]:border-red-500"
          />
          {error && (
            <p id={`${jsonId}-error`} role="alert" className="text-xs font-medium text-red-600">
              {error}
            </p>
          )}
        </div>
      )}
      <button
        type="button"
        className="text-sm text-blue-700 underline"
        onClick={() => {
          setError(null);
          setJson(json === null ? JSON.stringify(value ?? {}, null, 1) : simple ? null : json);
        }}
      >
        {json === null ? t('workflowEditor.condition.asJson') : t('workflowEditor.condition.asBuilder')}
      </button>
    </fieldset>
  );
}
