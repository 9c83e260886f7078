import type { ReactNode } from 'react';

/** The end point of an arc of a half circle (radius 40, centred at 50,50) filled to `ratio` (0..1). */
export function arcEnd(ratio: number): { x: number; y: number } {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, ratio)));
  return { x: 50 + 40 * Math.cos(angle), y: 50 - 40 * Math.sin(angle) };
}

/**
 * A half-circle gauge filled to `ratio` (a load past capacity fills it whole); the figure it stands for is written
 * under it, as text.
 */
export function Gauge({ ratio, colour, children }: { ratio: number; colour: string; children: ReactNode }) {
  const end = arcEnd(ratio);
  return (
    <div className="mx-auto flex max-w-56 flex-col items-center">
      <svg aria-hidden viewBox="0 0 100 56" className="block w-full">
        <path
          d="M10 50 A40 40 0 0 1 90 50"
          fill="none"
          stroke="#e2e8f0"
          strokeWidth="10"
          strokeLinecap="round"
        />
        {ratio > 0 && (
          <path
            d={`M10 50 A40 40 0 0 1 ${end.x.toFixed(2)} ${end.y.toFixed(2)}`}
            fill="none"
            stroke={colour}
            strokeWidth="10"
            strokeLinecap="round"
          />
        )}
      </svg>
      <div className="-mt-6 text-center">{children}</div>
    </div>
  );
}

/** Green under 80 % of capacity, amber up to it, red past it. */
export function loadColour(ratio: number): string {
  return ratio >= 1 ? '#b91c1c' : ratio >= 0.8 ? '#b45309' : '#047857';
}

/** Green from 90 % of the steps on time, amber from 75 %, red below. */
export function complianceColour(rate: number): string {
  return rate >= 0.9 ? '#047857' : rate >= 0.75 ? '#b45309' : '#b91c1c';
}
