import { useEffect, useRef, useState } from 'react';

/** How long a search box waits for the typing to pause before it searches. */
export const TYPING_PAUSE_MS = 250;

/**
 * `callback`, called once its calls have paused for `delayMs`, with the last call's arguments; a call still waiting
 * when the component unmounts is dropped. Search boxes use it so that typing a word costs one request and one
 * rendering of the results, not one per key.
 */
export function useDebouncedCallback<Args extends unknown[]>(
  callback: (...args: Args) => void,
  delayMs: number,
): (...args: Args) => void {
  const latest = useRef(callback);
  latest.current = callback;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const debounced = useRef((...args: Args) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(...args), delayMs);
  });
  return debounced.current;
}

/** `value` once it has stopped changing for `delayMs`: what a list filtered as the user types searches for. */
export function useDebouncedValue<T>(value: T, delayMs = TYPING_PAUSE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
