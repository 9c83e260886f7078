import 'dotenv/config';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedProducts } from './db/seed/catalog.ts';
import { DEMO_COMPLETE, demoAccounts, isEmpty, seedDemo } from './db/seed/demo.ts';
import { shutDown } from './platform/lifecycle.ts';
import { logUnhandledRejections } from './platform/process-guards.ts';

// Logged, never fatal: through the app's logger once it exists.
let logRejection = (reason: unknown) => console.error('Unhandled promise rejection', reason);
logUnhandledRejections((reason) => logRejection(reason));

const config = loadConfig();
const opening = openDatabase(config, (line) => {
  if (config.logLevel === 'debug' || config.logLevel === 'trace') console.log(`[postgres] ${line}`);
});
let app: FastifyInstance | undefined;
let shuttingDown = false;

/**
 * SIGTERM (a supervisor, a rolling restart), SIGINT (Ctrl+C), SIGHUP: a serving app shuts down gracefully (see
 * platform/lifecycle.ts), then the database closes (the embedded server stops) and the process exits 0.
 */
async function stopOnSignal(signal: NodeJS.Signals) {
  if (shuttingDown) return;
  shuttingDown = true;
  const database = await opening.catch(() => null);
  const started = Date.now();
  if (app) {
    app.log.info({ signal }, 'shutting down');
    await shutDown(app, { drainMs: config.shutdownDrainMs, timeoutMs: config.shutdownTimeoutMs }).catch(
      (error) => app?.log.error({ err: error }, 'shutdown incomplete'),
    );
  }
  await database?.close();
  app?.log.info({ ms: Date.now() - started }, 'shut down');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void stopOnSignal(signal));
const database = await opening;

try {
  const seedingDemo = config.seedDemo && (await isEmpty(database.db));
  if (seedingDemo) {
    console.log('Empty database: generating demo data…');
    await seedDemo(database.db);
    console.log('\nDemo accounts (also in README.md):');
    for (const [role, account] of Object.entries(demoAccounts)) {
      console.log(`  ${role.padEnd(7)} ${account.email}  /  ${account.password}`);
    }
    console.log('');
  } else {
    await seedProducts(database.db);
  }
  const serving = await buildApp({
    config,
    db: database.db,
    pool: database.pool,
    sessionDatabaseUrl: database.sessionUrl,
  });
  app = serving;
  logRejection = (reason) => serving.log.error({ err: reason }, 'unhandled promise rejection');
  await serving.listen({ host: config.host, port: config.port });
  // Documents and workflows go through the app's own services (storage, text extraction, the engine, the SLA
  // sweep), its job runner started. The server is serving by then: a failure (the database restarting, say) leaves
  // the demo incomplete, not the server down.
  if (seedingDemo) {
    try {
      // Loaded for a demo only: its PDFs' writer (pdfkit) would otherwise stay in every server's heap.
      const [{ seedDemoDocuments }, { seedDemoHistory }, { seedDemoWorkflows }, { seedDemoReports }] =
        await Promise.all([
          import('./db/seed/demo-documents.ts'),
          import('./db/seed/demo-history.ts'),
          import('./db/seed/demo-workflows.ts'),
          import('./db/seed/demo-reports.ts'),
        ]);
      await seedDemoDocuments(database.db, serving.services.documents, new Date());
      await seedDemoHistory(database.db, serving.services.workflows.templates, new Date());
      await seedDemoWorkflows(database.db, serving.services, config.sla, new Date());
      await seedDemoReports(database.db, serving.services);
      // The demo's changes counted in the dashboard's figures now: the first admin's page waited for them (1.4 s).
      await serving.services.dashboard.foldPending();
      console.log(DEMO_COMPLETE);
    } catch (error) {
      serving.log.error({ err: error }, 'demo data not completed');
    }
  }
  serving.log.info(
    `FinancialTracker ready on http://localhost:${config.port} (database: ${database.embedded ? 'embedded' : 'DATABASE_URL'})`,
  );
} catch (error) {
  console.error(error);
  await database.close();
  process.exit(1);
}
