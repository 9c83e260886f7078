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
