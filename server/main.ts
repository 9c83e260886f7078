import 'dotenv/config';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedProducts } from './db/seed/catalog.ts';
import { demoAccounts, isEmpty, seedDemo } from './db/seed/demo.ts';
import { seedDemoDocuments } from './db/seed/demo-documents.ts';
import { seedDemoHistory } from './db/seed/demo-history.ts';
import { seedDemoReports } from './db/seed/demo-reports.ts';
import { seedDemoWorkflows } from './db/seed/demo-workflows.ts';
import { shutDown } from './platform/lifecycle.ts';
import { logUnhandledRejections } from './platform/process-guards.ts';

// Logged, never fatal: through the app's logger once it exists.
let logRejection = (reason: unknown) => console.error('Unhandled promise rejection', reason);
logUnhandledRejections((reason) => logRejection(reason));

const config = loadConfig();
const database = await openDatabase(config, (line) => {
  if (config.logLevel === 'debug' || config.logLevel === 'trace') console.log(`[postgres] ${line}`);
});
let shuttingDown = false;

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
  const app = await buildApp({
    config,
    db: database.db,
    pool: database.pool,
    sessionDatabaseUrl: database.sessionUrl,
  });
  logRejection = (reason) => app.log.error({ err: reason }, 'unhandled promise rejection');
  const onSignal = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    const started = Date.now();
    await shutDown(app, { drainMs: config.shutdownDrainMs, timeoutMs: config.shutdownTimeoutMs }).catch(
      (error) => app.log.error({ err: error }, 'shutdown incomplete'),
    );
    await database.close();
    app.log.info({ ms: Date.now() - started }, 'shut down');
    process.exit(0);
  };
  process.on('SIGINT', () => void onSignal('SIGINT'));
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  // Documents and workflows go through the app's own services (storage, text extraction, the engine, the SLA
  // sweep), its job runner started. The server is serving by then: a failure (the database restarting, say) leaves
  // the demo incomplete, not the server down.
  if (seedingDemo) {
    try {
      await seedDemoDocuments(database.db, app.services.documents, new Date());
      await seedDemoHistory(database.db, app.services.workflows.templates, new Date());
      await seedDemoWorkflows(database.db, app.services, config.sla, new Date());
      await seedDemoReports(database.db, app.services);
    } catch (error) {
      app.log.error({ err: error }, 'demo data not completed');
    }
  }
  app.log.info(
    `FinancialTracker ready on http://localhost:${config.port} (database: ${database.embedded ? 'embedded' : 'DATABASE_URL'})`,
  );
} catch (error) {
  console.error(error);
  await database.close();
  process.exit(1);
}
