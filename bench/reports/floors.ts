import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';

/**
 * The CSV floor: PostgreSQL writing the same rows (the dossier list's columns and joins) as CSV straight to a file on
 * the same disk (`COPY … TO`, server side: no client, no formatting in JavaScript).
 */
export async function copyFloor(pool: pg.Pool): Promise<{ rows: number; ms: number; rows_per_s: number }> {
  const file = path.join(os.tmpdir(), `ft-bench-copy-${process.pid}.csv`);
  const began = performance.now();
  const result = await pool.query(`COPY (
      SELECT d.reference, c.name, c.region, p.name, d.status, e.first_name || ' ' || e.last_name,
             d.estimated_cents / 100.0, d.audited_cents / 100.0, d.granted_cents / 100.0, d.obtained_cents / 100.0,
             (d.created_at AT TIME ZONE 'Europe/Paris')::date, (d.status_changed_at AT TIME ZONE 'Europe/Paris')::date
        FROM dossiers d JOIN companies c ON c.id = d.company_id JOIN products p ON p.code = d.product_code
        LEFT JOIN users e ON e.id = d.expert_id
       ORDER BY d.id DESC)
    TO '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER)`);
  const ms = performance.now() - began;
  await rm(file, { force: true });
  const rows = result.rowCount ?? 0;
  return { rows, ms: Math.round(ms), rows_per_s: Math.round(rows / (ms / 1000)) };
}
