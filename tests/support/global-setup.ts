import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { getConstructionPlans } from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/db/migrate.ts';
import { createDb } from '../../server/db/pool.ts';
import { seedProducts } from '../../server/db/seed/catalog.ts';
import { JOBS_SCHEMA } from '../../server/platform/jobs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the run (DATABASE_URL's server, or an embedded one), with a migrated template database;
 * each test file clones the template into a fresh database of its own.
 */
export default async function setup(project: TestProject) {
  let serverUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let tempDir: string | null = null;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'ft-test-pg-'));
    const embedded = await startPostgresProcess(tempDir);
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const templateDatabase = `ft_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  const templateUrl = withDatabase(serverUrl, templateDatabase);
  await migrate(templateUrl);
  const { db } = createDb(templateUrl, 1);
  await seedProducts(db);
  await db.destroy();
  // The job runner's schema too, so no test file's app pays its creation.
  const template = new pg.Client({ connectionString: templateUrl });
  await template.connect();
  await template.query(getConstructionPlans(JOBS_SCHEMA));
  await template.end();

  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await stopEmbedded?.();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
}

/** See postgres-process.ts for why the embedded server does not run inside the test runner's process. */
async function startPostgresProcess(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-process.ts');
  const child = fork(script, [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`embedded PostgreSQL exited before it was ready (code ${code})`);
    }),
  ])) as [{ url: string }];
  return {
    url: ready.url,
    async stop() {
      const stopped = once(child, 'exit');
      child.send('stop');
      await stopped;
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
