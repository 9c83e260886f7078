import { useEffect, useState } from 'react';
import { takingOver } from './HydrateLater.tsx';

/**
 * What a control of a page rendered ahead says until the app has taken the page over, when it does nothing yet: that
 * it is unavailable (looking as it will: a disabled look would flash, and fade in while axe reads it). Rendered ahead
 * (on the server, at build) and while the app takes that HTML over, it says so, as the HTML must match; once the app
 * runs it, it is available. A control the app draws outside a take-over (a page it renders itself, a dialog, a new
 * message) is available from its first render: saying otherwise for a frame would render it twice for nothing, and
 * whoever focused it then would hear it is unavailable.
 */
export function useUnavailableUntilTakenOver(): { 'aria-disabled'?: true } {
  const [available, setAvailable] = useState(() => typeof window !== 'undefined' && !takingOver());
  useEffect(() => {
    if (!available) setAvailable(true);
  }, [available]);
  return available ? {} : { 'aria-disabled': true };
}
