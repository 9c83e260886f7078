/**
 * What `react` resolves to (client/react-on-preact.ts): Preact's compatibility layer, plus the one
 * React 19 hook a library imports that the layer lacks (React Router's data router imports `useOptimistic`).
 */
import { useCallback, useState } from 'preact/compat';

// @ts-expect-error preact/compat's types are written as one CommonJS `export =`; its ES module has named exports.
export * from 'preact/compat';
export { default } from 'preact/compat';

/**
 * React's `useOptimistic` for a renderer without concurrent transitions: the optimistic value shows until the state
 * it was derived from changes (the real update has landed), then the new state shows.
 */
export function useOptimistic<S, A = S>(
  state: S,
  reduce?: (current: S, action: A) => S,
): [S, (action: A) => void] {
  const [optimistic, setOptimistic] = useState<{ base: S; value: S } | null>(null);
  const shown = optimistic !== null && Object.is(optimistic.base, state) ? optimistic.value : state;
  const add = useCallback(
    (action: A) =>
      setOptimistic((current) => {
        const from = current !== null && Object.is(current.base, state) ? current.value : state;
        return { base: state, value: reduce ? reduce(from, action) : (action as unknown as S) };
      }),
    [state, reduce],
  );
  return [shown, add];
}
