/** The fault suite's checks and figures: a line per check as it runs, then the table and the JSON line. */
export const round2 = (n: number) => Math.round(n * 100) / 100;
export const MB = 1024 * 1024;

export type Check = { name: string; ok: boolean; detail: string };
export const checks: Check[] = [];
export const check = (name: string, ok: boolean, detail = '') => {
  checks.push({ name, ok, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
};
export type Row = {
  scenario: string;
  requests: number;
  statuses: string;
  lost: number;
  duplicated: number;
  recovery: string;
};
export const rows: Row[] = [];
export const results: Record<string, number | string | boolean> = {};

/** Prints the table and the failed checks, and gives the number of failed checks. */
export function printTable(): number {
  console.log('\n| scenario | requests under fault | answers by status | lost | duplicated | recovery |');
  console.log('| --- | ---: | --- | ---: | ---: | --- |');
  for (const r of rows)
    console.log(
      `| ${r.scenario} | ${r.requests} | ${r.statuses} | ${r.lost} | ${r.duplicated} | ${r.recovery} |`,
    );
  const failed = checks.filter((c) => !c.ok);
  for (const c of failed) console.log(`FAILED: ${c.name} ${c.detail}`);
  Object.assign(results, {
    lost: Number(results.pg_lost ?? 0) + Number(results.redis_lost ?? 0) + Number(results.kill_lost ?? 0),
    duplicated:
      Number(results.pg_duplicated ?? 0) +
      Number(results.redis_duplicated ?? 0) +
      Number(results.kill_duplicated ?? 0),
  });
  return failed.length;
}
