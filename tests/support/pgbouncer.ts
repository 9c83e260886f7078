/**
 * A PgBouncer of the test's own (Debian's `pgbouncer`) in transaction mode in front of a PostgreSQL: what a fleet
 * reaches its database through (Supabase's pooler on port 6543 behaves the same way). Never the machine's.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { endChild } from './child-process.ts';
import { freePort } from './ports.ts';

const binary = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? 'pgbouncer';

/** Whether PgBouncer can be started here (Debian's package `pgbouncer`). */
export const pgbouncerInstalled = spawnSync(binary, ['--version']).status === 0;

export class OwnPgBouncer {
  private readonly child: ChildProcess;
  private readonly dir: string;
  readonly port: number;
  private readonly upstream: URL;
  private constructor(child: ChildProcess, dir: string, port: number, upstream: URL) {
    this.child = child;
    this.dir = dir;
    this.port = port;
    this.upstream = upstream;
  }

  /**
   * Starts it in front of `postgresUrl`'s server, any database name passed through, `poolSize` server connections
   * per database and user. Its log goes to `logFile` when given.
   */
  static async start(postgresUrl: string, options: { poolSize?: number; logFile?: string } = {}) {
    const upstream = new URL(postgresUrl);
    const user = decodeURIComponent(upstream.username || 'postgres');
    const password = decodeURIComponent(upstream.password);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ft-pgbouncer-'));
    // As root, PgBouncer runs as 'nobody' (it refuses root), who must read its files.
    await chmod(dir, 0o755);
    const port = await freePort();
    const usersFile = path.join(dir, 'users.txt');
    await writeFile(usersFile, `"${user}" "${password}"\n`, { mode: 0o644 });
    const ini = [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      `auth_type = ${password ? 'plain' : 'trust'}`,
      `auth_file = ${usersFile}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 20}`,
      'max_client_conn = 2000',
      'server_login_retry = 1',
      'log_connections = 0',
      'log_disconnections = 0',
    ].join('\n');
    const iniFile = path.join(dir, 'pgbouncer.ini');
    await writeFile(iniFile, `${ini}\n`, { mode: 0o644 });
    const asRoot = process.getuid?.() === 0;
    const child = spawn(binary, [...(asRoot ? ['-u', 'nobody'] : []), iniFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (options.logFile) {
      const log = createWriteStream(options.logFile);
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    const bouncer = new OwnPgBouncer(child, dir, port, upstream);
    await bouncer.waitReady(upstream.pathname.slice(1) || 'postgres');
    return bouncer;
  }

  /** The URL of `database` through the pooler. */
  url(database: string): string {
    const u = new URL(this.upstream);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    u.pathname = `/${database}`;
    u.search = '';
    return u.toString();
  }

  private async waitReady(database: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`pgbouncer exited (code ${this.child.exitCode})`);
      const client = new pg.Client({ connectionString: this.url(database) });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
  }

  async stop(): Promise<void> {
    await endChild(this.child, 'SIGINT');
    await rm(this.dir, { recursive: true, force: true });
  }
}
