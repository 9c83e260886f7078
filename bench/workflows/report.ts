import os from 'node:os';
import type { explainSlowestStatement } from '../documents-explain.ts';
import { round2, triple } from '../support.ts';
import type { completeLoad } from './complete.ts';
import type { WorkflowsScale } from './data.ts';
import { alertKinds, type Plan } from './plant.ts';
import type { measureSweep } from './sweep.ts';

export type WorkflowsRun = {
  scale: WorkflowsScale;
  generatedSeconds: number;
  plan: Plan;
  sweep: Awaited<ReturnType<typeof measureSweep>>;
  complete: Awaited<ReturnType<typeof completeLoad>>;
  /** One completion alone: its statements. */
  explain: Awaited<ReturnType<typeof explainSlowestStatement>>;
  loadBefore: number;
};

const TARGETS = { complete_step_p95_ms: 20, sla_sweep_ms: 2000 };
const ratio = (a: number, b: number) => (b > 0 ? round2(a / b) : null);

/** Prints the figures, the sweep's statements (and the plan of its slowest), then one JSON line. */
export function printReport(run: WorkflowsRun) {
  const { scale, generatedSeconds, plan, sweep, complete, explain, loadBefore } = run;
  const { complete: c, floor } = complete;
  const rows: [string, string][] = [
    ['dossiers / companies / experts', `${scale.dossiers} / ${scale.companies} / ${scale.experts}`],
    ['open steps / with SLA / paused', `${plan.openSteps} / ${plan.withSla} / ${plan.paused}`],
    ['alert levels 0-4 at T0', plan.levels.join(' / ')],
    ['T0 → T1 (sweep time)', `${plan.t0.toISOString()} → ${plan.t1.toISOString()}`],
    ['complete_step p50 / p95 / p99 ms', triple(c)],
    ['complete_step requests / rps / errors', `${c.count} / ${c.rps} / ${c.errors}`],
    ['floor GET /api/me p50 / p95 / p99 ms', triple(floor)],
    ['complete_step ÷ floor (p95)', String(complete.floor_ratio_p95)],
    ['sla_sweep ms (floor count ms)', `${sweep.duration_ms} (${sweep.floor_ms}, ${sweep.floor_rows} rows)`],
    ['sla_sweep ÷ floor', String(ratio(sweep.duration_ms, sweep.floor_ms))],
    ...alertKinds.map((k): [string, string] => [
      `raised ${k} (planted)`,
      `${sweep.raised[k]} (${sweep.expected[k]})`,
    ]),
    ['alerts check', sweep.check],
    [
      'targets: p95 ≤ 20 ms, sweep ≤ 2 s',
      `${c.p95_ms <= TARGETS.complete_step_p95_ms ? 'met' : 'MISSED'}, ${
        sweep.duration_ms <= TARGETS.sla_sweep_ms ? 'met' : 'MISSED'
      }`,
    ],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
  ];
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(42)} ${v}`);
  console.log(
    `\nOne completion alone: ${round2(explain.totalMs)} ms, ${explain.statements} statements before its answer ` +
      `(${round2(explain.statementsMs)} ms in the database; its subscribers start meanwhile), ` +
      `${explain.afterAnswer.statements} more until they were done (${round2(explain.afterAnswer.statementsMs)} ms); ` +
      'the slowest before the answer (ms):',
  );
  for (const s of explain.slowestFirst) console.log(`  ${String(round2(s.ms)).padStart(9)}  ${s.sql}`);
  console.log(`\nEXPLAIN ANALYZE of its slowest:\n${explain.plan}`);
  console.log('\nThe sweep’s statements (ms):');
  for (const s of sweep.statements) console.log(`  ${String(s.ms).padStart(9)}  ${s.sql}`);
  console.log(`\nEXPLAIN ANALYZE of the slowest (${sweep.slowest.ms} ms):\n${sweep.slowest.plan}\n`);
  console.log(
    JSON.stringify({
      bench: 'workflows',
      scale: { ...scale, open_steps: plan.openSteps, with_sla: plan.withSla, paused: plan.paused },
      machine: {
        cores: os.cpus().length,
        loadavg_before: round2(loadBefore),
        loadavg_after: round2(os.loadavg()[0]!),
      },
      data: { generated_s: generatedSeconds, levels_at_t0: plan.levels, planted_alerts: plan.plantedAlerts },
      targets: TARGETS,
      results: {
        complete_step: {
          ...c,
          concurrency: 8,
          floor: floor,
          floor_ratio: complete.floor_ratio_p95,
          alone: {
            total_ms: round2(explain.totalMs),
            statements: explain.statements,
            statements_ms: round2(explain.statementsMs),
            after_answer_statements: explain.afterAnswer.statements,
            after_answer_statements_ms: round2(explain.afterAnswer.statementsMs),
          },
        },
        sla_sweep: {
          duration_ms: sweep.duration_ms,
          advance_minutes: (plan.t1.getTime() - plan.t0.getTime()) / 60_000,
          floor_ms: sweep.floor_ms,
          floor_rows: sweep.floor_rows,
          floor_ratio: ratio(sweep.duration_ms, sweep.floor_ms),
          raised: sweep.raised,
          expected: sweep.expected,
          check: sweep.check,
          statements: sweep.statements,
        },
      },
    }),
  );
}
