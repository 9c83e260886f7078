/**
 * The Node flags the server process runs with, wherever it is started: `npm start` and `npm run dev` (package.json
 * repeats them, and `runtime-flags.test.ts` checks that it does), the e2e, fault and cluster suites, the benchmarks'
 * app process (`bench/child-process.ts`; the reports benchmark, which runs the app's services in its own process,
 * through package.json).
 *
 * `--no-memory-reducer`: after a burst of work (the start-up backfill, an announcement), V8's memory reducer runs a
 * full collection of the heap and shrinks the young generation, just as requests come back: a 40 to 60 ms pause,
 * then a scavenge every 50 to 100 ms for seconds (README, notifications benchmark: event p99 47.6 to 54.8 ms with it,
 * 12.8 and 18.2 ms without). The heap keeps the size the burst gave it until the next regular collection. It is a
 * start-up flag: `v8.setFlagsFromString` once the process runs does not stop the reducer (measured).
 *
 * `--no-maglev`: until the server's hot functions are compiled by TurboFan, V8's optimising compiler, each completed
 * database statement's objects (pg's query, its packets and rows) survive the young collections that follow it. With
 * Maglev, the mid-tier compiler between the baseline one and TurboFan, they run as its code for up to 20 s of load or
 * for whole runs; without it they reach TurboFan within seconds. On the messaging benchmark (README, issue 11),
 * copied at each scavenge, median: 4.9 MB with Maglev against 0.8 to 2.0 without on a slow machine, 4.8 against 3.6
 * on a fast one (pauses 14 against 9 ms there). Fewer survivors, then, but not none on every machine.
 */
export const serverNodeFlags = ['--no-memory-reducer', '--no-maglev'];
