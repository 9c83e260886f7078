/**
 * Reports benchmark: `npm run bench:reports` (`-- --scale 0.01` for a small check: 10,000 dossiers).
 *
 * On the admin benchmark's data set (bench/admin/data.ts: 1,000,000 dossiers over two years, generated once and
 * kept), with the app's own services in this process (so that their memory is this process's):
 * 1. a one-year platform report in XLSX, then in PDF, written to storage as an export is: time and peak memory,
 *    against its floor, the report's own reads of the aggregates alone; and the same flows recounted from the base
 *    tables (the way of a report of one product, region or expert);
 * 2. the CSV export of every dossier (the `dossiers` list, streamed page by page into storage): rows per second and
 *    memory along the way, against its floor, PostgreSQL's `COPY … TO` of the same rows to a file.
 * Prints the figures, then one JSON line (`scale.dossiers`, `results.csv_export.rows_per_s`…).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../common/ids.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { previousPeriod } from '../server/modules/dashboard/metrics-period.ts';
import { exportsRepo } from '../server/modules/reports/exports/exports.repo.ts';
import { reportAggregatesRepo } from '../server/modules/reports/report-aggregates.repo.ts';
import { reportFlowsRepo } from '../server/modules/reports/report-flows.repo.ts';
import { ensureData, kinds, scaleFromArgs } from './admin/data.ts';
import { copyFloor } from './reports/floors.ts';
import { withMemory } from './reports/memory.ts';
import { openBenchDatabase, round2 } from './support.ts';

const dataRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');
const adminId = `00000000-${kinds.admin.toString(16).padStart(4, '0')}-7000-8000-000000000001`;
const admin = { id: adminId, role: 'admin' as const, companyId: null };

async function main() {
  const scale = scaleFromArgs();
  const database = await openBenchDatabase(`ft_bench_admin_${scale.dossiers}`, path.join(dataRoot, 'admin'));
  const { db, pool } = createDb(database.url, 4);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    databaseUrl: database.url,
    dataDir: path.join(dataRoot, 'reports-app'),
  };
  config.storage = { ...config.storage, dataDir: config.dataDir };
  try {
    await ensureData(database.url, db, scale);
    // The services without the job runner: each phase runs its work here, alone.
    const app = await buildApp({ config, db, pool, sessionDatabaseUrl: database.url, clientDir: null });
    const { exports, storage } = app.services;
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const loadBefore = os.loadavg()[0]!;

    const query = {
      previousFrom: previousPeriod(from, to).from,
      from,
      to,
      groupBy: 'week' as const,
      scope: {},
    };
    console.log(`Report floor: the year's flows read from the aggregates (${from} – ${to})…`);
    const floor = await withMemory(() => reportAggregatesRepo.flows(db, query));
    console.log(
      'The same flows recounted from the base tables (what a report of one product or region does)…',
    );
    // Minutes at full scale: `--no-recount` skips it.
    const recount = process.argv.includes('--no-recount')
      ? { ms: null, memory: null }
      : await withMemory(() => reportFlowsRepo.flowsWithoutJit(db, query));
    const report = async (format: 'xlsx' | 'pdf') => {
      console.log(`One-year platform report as ${format.toUpperCase()}…`);
      const run = await withMemory(() =>
        exports.produceReport(admin, { type: 'platform', params: { from, to }, format, locale: 'fr' }),
      );
      await storage.delete(run.value.blobKey);
      return {
        ms: run.ms,
        size_bytes: run.value.sizeBytes,
        memory: run.memory,
        floor_ratio: round2(run.ms / floor.ms),
      };
    };
    const xlsx = await report('xlsx');
    const pdf = await report('pdf');

    console.log(`CSV export of all ${scale.dossiers} dossiers…`);
    const id = uuidv7(Date.now());
    await exportsRepo.insert(db, {
      id,
      ownerId: adminId,
      kind: 'list',
      source: 'dossiers',
      params: '{}',
      format: 'csv',
      locale: 'fr',
      status: 'queued',
      createdAt: new Date(),
    });
    const csv = await withMemory(() => exports.run(id, { lastAttempt: true }));
    const row = (await exportsRepo.find(db, id))!;
    if (row.status !== 'ready') throw new Error(`the export ended ${row.status}: ${row.error}`);
    await storage.delete(row.blobKey!);
    const rows = Number(row.rowsDone);
    const rowsPerS = Math.round(rows / (csv.ms / 1000));
    console.log('CSV floor: COPY of the same rows to a file…');
    const copy = await copyFloor(pool);
    await app.close();

    const lines: [string, string][] = [
      ['dossiers (data set)', String(scale.dossiers)],
      ['report floor: the year’s flows (aggregates) ms', String(floor.ms)],
      ['the same flows recounted (base tables) ms', String(recount.ms ?? 'skipped (--no-recount)')],
      ['platform report, 1 year, XLSX: ms / bytes', `${xlsx.ms} / ${xlsx.size_bytes}`],
      [
        '  peak heap / RSS MB (start)',
        `${xlsx.memory.heap_peak_mb} / ${xlsx.memory.rss_peak_mb} (${xlsx.memory.heap_start_mb} / ${xlsx.memory.rss_start_mb})`,
      ],
      ['  ÷ floor', String(xlsx.floor_ratio)],
      ['platform report, 1 year, PDF: ms / bytes', `${pdf.ms} / ${pdf.size_bytes}`],
      [
        '  peak heap / RSS MB (start)',
        `${pdf.memory.heap_peak_mb} / ${pdf.memory.rss_peak_mb} (${pdf.memory.heap_start_mb} / ${pdf.memory.rss_start_mb})`,
      ],
      ['  ÷ floor', String(pdf.floor_ratio)],
      ['CSV export: rows / ms / bytes', `${rows} / ${csv.ms} / ${row.sizeBytes}`],
      ['  rows per second (target ≥ 50,000)', `${rowsPerS} — ${rowsPerS >= 50_000 ? 'met' : 'MISSED'}`],
      [
        '  peak heap / RSS MB (start)',
        `${csv.memory.heap_peak_mb} / ${csv.memory.rss_peak_mb} (${csv.memory.heap_start_mb} / ${csv.memory.rss_start_mb})`,
      ],
      ['  heap kept after a full GC, at its highest MB', String(csv.memory.retained_peak_mb)],
      ['floor: COPY to a file, rows per second', String(copy.rows_per_s)],
      ['  export ÷ floor (throughput)', String(round2(rowsPerS / copy.rows_per_s))],
      [
        'machine: cores, load avg before → after',
        `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
      ],
    ];
    console.log('');
    for (const [k, v] of lines) console.log(`${k.padEnd(46)} ${v}`);
    console.log('');
    console.log(
      JSON.stringify({
        bench: 'reports',
        scale,
        machine: {
          cores: os.cpus().length,
          loadavg_before: round2(loadBefore),
          loadavg_after: round2(os.loadavg()[0]!),
        },
        targets: { csv_export_rows_per_s: 50_000 },
        results: {
          report_floor: { ms: floor.ms, memory: floor.memory },
          report_recount: { ms: recount.ms, memory: recount.memory },
          report_xlsx: xlsx,
          report_pdf: pdf,
          csv_export: {
            rows,
            ms: csv.ms,
            rows_per_s: rowsPerS,
            size_bytes: Number(row.sizeBytes),
            memory: csv.memory,
            floor: copy,
            floor_ratio: round2(rowsPerS / copy.rows_per_s),
          },
        },
      }),
    );
  } finally {
    await db.destroy();
    await database.stop();
  }
}

await main();
