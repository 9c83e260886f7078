/** How the page judges a figure: the colour and the word that says the same thing for those who do not see it. */
export type Level = 'good' | 'watch' | 'bad';

/** p95 latency (ms): fine under 300 ms, to watch up to 1 s, critical beyond. */
export const latencyThresholdsMs = { good: 300, bad: 1000 } as const;
/** Share of 5xx answers: fine under 0.1 %, to watch up to 1 %, critical beyond. */
export const errorRateThresholds = { good: 0.001, bad: 0.01 } as const;

const levelOf = (value: number, { good, bad }: { good: number; bad: number }): Level =>
  value < good ? 'good' : value <= bad ? 'watch' : 'bad';

export const latencyLevel = (p95Ms: number) => levelOf(p95Ms, latencyThresholdsMs);
export const errorLevel = (rate: number) => levelOf(rate, errorRateThresholds);

/** Text and background with a contrast of at least 4.5:1. */
export const levelTone: Record<Level, string> = {
  good: 'bg-emerald-100 text-emerald-900',
  watch: 'bg-amber-100 text-amber-900',
  bad: 'bg-red-100 text-red-900',
};
