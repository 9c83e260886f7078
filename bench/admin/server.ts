/**
 * The app alone in a child process of the admin benchmark (so the load generator does not share its loop), with
 * one route of the benchmark's own: the metrics floor (floor.ts), behind the same HTTP stack, auth guard and pool
 * as `GET /api/admin/metrics`. Stops on the parent's 'stop' message.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { metricsQuery } from '../../common/admin-metrics.ts';
import { serveBenchApp } from '../support.ts';
import { readFloorRows } from './floor.ts';

export { stopServer } from '../documents-server.ts';

const here = fileURLToPath(import.meta.url);

export const floorPath = '/bench/metrics-floor';

export function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(here, ['--serve-admin', url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
  });
}

if (process.argv[2] === '--serve-admin') {
  const { port } = await serveBenchApp(
    process.argv[3]!,
    { dataDir: path.join(path.dirname(here), '..', '.data', 'admin-app') },
    async (app, db) => {
      // The products on sale, read once: the endpoint's own list is cached too.
      const { rows } = await sql<{
        code: string;
      }>`SELECT code FROM products WHERE active ORDER BY code`.execute(db);
      const productCodes = rows.map((r) => r.code);
      app.get(floorPath, { config: { access: ['admin'] } }, async (request) => {
        const query = metricsQuery.parse(request.query);
        return readFloorRows(db, productCodes, query.from, query.to);
      });
    },
  );
  process.send?.({ port });
}
