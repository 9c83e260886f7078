/**
 * The app alone in a child process of the admin benchmark (so the load generator does not share its loop), with
 * one route of the benchmark's own: the metrics floor (floor.ts), behind the same HTTP stack, auth guard and pool
 * as `GET /api/admin/metrics`. Stops on the parent's 'stop' message.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricsQuery } from '../../common/admin-metrics.ts';
import { defaultGroupBy } from '../../server/modules/dashboard/metrics-period.ts';
import { forkChild } from '../child-process.ts';
import { serveBenchApp } from '../support.ts';
import { readFloorRows } from './floor.ts';

export { stopChild as stopServer } from '../child-process.ts';

const here = fileURLToPath(import.meta.url);

export const floorPath = '/bench/metrics-floor';

/** BENCH_PROFILE=<dir>: CPU profile of the app process. */
export async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const { child, ready } = await forkChild<{ port: number }>(here, ['--serve-admin', url], {
    app: true,
  });
  return { child, port: ready.port };
}

if (process.argv[2] === '--serve-admin') {
  const { port } = await serveBenchApp(
    process.argv[3]!,
    { dataDir: path.join(path.dirname(here), '..', '.data', 'admin-app') },
    (app, db) => {
      app.get(floorPath, { config: { access: ['admin'] } }, async (request) => {
        const query = metricsQuery.parse(request.query);
        return readFloorRows(db, query.from, query.to, query.groupBy ?? defaultGroupBy(query.from, query.to));
      });
    },
  );
  process.send?.({ port });
}
