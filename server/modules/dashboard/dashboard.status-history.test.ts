import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createDossier, registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';

const { t, cast } = appWith(async (t) => {
  const client = await registerClient(t);
  return { dossier: await createDossier(t, client) };
});

/** The plans of the statements `statement` runs, its triggers' included (auto_explain), as PostgreSQL logs them. */
async function nestedPlans(statement: string, values: unknown[]): Promise<string[]> {
  const client = new pg.Client(t.databaseUrl);
  await client.connect();
  const plans: string[] = [];
  client.on('notice', (notice) => plans.push(notice.message ?? ''));
  try {
    await client.query("LOAD 'auto_explain'");
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
      SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice`);
    await client.query('BEGIN');
    await client.query(statement, values);
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
  return plans;
}

it('dates the status a dossier leaves from its own previous transition, not by reading every dossier’s (033)', async () => {
  // A platform's history: 5,000 other dossiers (closed: a company has one open dossier a product), each with a
  // transition, a minute apart.
  await sql`
    INSERT INTO dossiers (id, company_id, product_code, status, created_by, status_changed_at, created_at, updated_at)
    SELECT gen_random_uuid(), d.company_id, d.product_code, 'closed', d.created_by, now(),
      now() - i * interval '1 minute', now()
    FROM dossiers d, generate_series(1, 5000) i WHERE d.id = ${cast.dossier.id}`.execute(t.db);
  await sql`
    INSERT INTO dossier_events (id, dossier_id, type, from_status, to_status, created_at)
    SELECT gen_random_uuid(), id, 'status_changed', 'draft', 'eligible', created_at FROM dossiers
    WHERE id <> ${cast.dossier.id}`.execute(t.db);
  await sql`ANALYZE dossier_events`.execute(t.db);

  const plans = await nestedPlans(
    `INSERT INTO dossier_events (id, dossier_id, type, from_status, to_status, created_at)
     VALUES (gen_random_uuid(), $1, 'status_changed', 'draft', 'eligible', now())`,
    [cast.dossier.id],
  );

  const staging = plans.find((plan) => plan.includes('dashboard_stage'));
  expect(staging).toBeDefined();
  expect(staging).toMatch(/Index Cond: \(+dossier_id = e\.dossier_id/);
  expect(staging).not.toMatch(/Rows Removed by Filter: [1-9]/);
});
