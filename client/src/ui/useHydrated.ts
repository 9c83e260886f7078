import { useEffect, useState } from 'react';

/**
 * False in the first render — on the server, and in the browser while the app takes over a page rendered ahead
 * (whose HTML must match it) — and true once the app runs the component.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * What a control of a page rendered ahead says until the app has taken the page over, when it does nothing yet: that
 * it is unavailable (looking as it will: a disabled look would flash, and fade in while axe reads it).
 */
export function useUnavailableUntilTakenOver(): { 'aria-disabled'?: true } {
  return useHydrated() ? {} : { 'aria-disabled': true };
}
