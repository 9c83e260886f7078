/**
 * The app run in the test's own process (so a test can reach its database, clock and services), on a database of
 * its own in a PostgreSQL the suite reaches (the machine's or an embedded one), serving the built web client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../server/platform/clock.ts';
import { createDatabase, dropDatabase, prepareDatabase, reachPostgres } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const clientDist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'client', 'dist');

export type InProcessApp = { t: TestApp; close: () => Promise<void> };

/** `name` names the database (`ft_e2e_<name>_…`), dropped with the server's data by `close()`. */
export async function startInProcessApp(name: string): Promise<InProcessApp> {
  const pgDir = await mkdtemp(path.join(tmpdir(), 'ft-e2e-pg-'));
  const pg = await reachPostgres(pgDir);
  const database = `ft_e2e_${name}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const url = await createDatabase(pg.url, database);
  await prepareDatabase(url);
  const t = await startTestApp(
    {},
    { databaseUrl: url, clientDir: clientDist, clock: new ManualClock(new Date()) },
  );
  return {
    t,
    close: async () => {
      await t.close();
      await dropDatabase(pg.url, database).catch(() => {});
      await pg.stop();
      await rm(pgDir, { recursive: true, force: true });
    },
  };
}
