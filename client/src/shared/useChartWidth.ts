import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * The width a chart has on screen, so that it draws in real pixels: a chart scaled down whole to a phone's width
 * would shrink its labels past reading. Until measured, `fallback`.
 */
export function useChartWidth<E extends Element>(fallback = 640): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
