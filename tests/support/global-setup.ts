import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase, prepareDatabase, reachPostgres } from './databases.ts';
import type {} from './provided.ts';

/**
 * One PostgreSQL for the run (DATABASE_URL's server, or an embedded one), with a prepared template database;
 * each test file clones the template into a fresh database of its own (test-app.ts).
 */
export default async function setup(project: TestProject) {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ft-test-pg-'));
  const server = await reachPostgres(tempDir, { inChildProcess: true });
  const templateDatabase = `ft_template_${process.pid}_${Date.now()}`;
  await prepareDatabase(await createDatabase(server.url, templateDatabase));

  project.provide('serverUrl', server.url);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await dropDatabase(server.url, templateDatabase).catch(() => {});
    await server.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
}
