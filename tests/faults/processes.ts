/**
 * The processes the fault suite owns and breaks: its own PostgreSQL (the embedded server's binaries on a temp data
 * directory and a free port), its own Redis (tests/support/redis-server.ts) and the real server, `node server/main.ts`,
 * as a child process. Nothing here touches the machine's PostgreSQL or Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeFlags } from '../../server/runtime-flags.ts';
import { type PostgresServer, startPostgres } from '../support/databases.ts';
import { freePort } from '../support/ports.ts';
import { sleep } from '../support/waiting.ts';

export { OwnRedis } from '../support/redis-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A PostgreSQL of the suite's own that it can stop (fast shutdown: SIGINT) and start again on the same port. */
export class OwnPostgres {
  private running: PostgresServer | undefined;
  private readonly dataDir: string;
  private readonly port: number;
  readonly url: string;
  private constructor(dataDir: string, port: number, url: string) {
    this.dataDir = dataDir;
    this.port = port;
    this.url = url;
  }

  static async start(dataDir: string): Promise<OwnPostgres> {
    const port = await freePort();
    const db = await startPostgres(dataDir, { port });
    const own = new OwnPostgres(dataDir, port, db.url);
    own.running = db;
    return own;
  }

  async stop(): Promise<void> {
    const db = this.running;
    this.running = undefined;
    await db?.stop();
  }

  /** Starts it again; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.running) throw new Error('this PostgreSQL is running');
    this.running = await startPostgres(this.dataDir, { port: this.port });
  }
}

export type Memory = { rss: number; heapUsed: number; external: number };

/**
 * The real server in a child process. Its output goes to a log file; `errorLines` counts its log lines of level
 * error or worse (pino JSON, level >= 50) and its uncaught crashes.
 */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private starts = 0;
  errorLines: string[] = [];
  exits: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }[] = [];
  private expectingExit = false;

  readonly port: number;
  private readonly env: Record<string, string>;
  private readonly workDir: string;
  constructor(port: number, env: Record<string, string>, workDir: string) {
    this.port = port;
    this.env = env;
    this.workDir = workDir;
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid;
  }

  get alive() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  private get probeFile() {
    return path.join(this.workDir, 'memory.json');
  }

  async start(deadlineMs = 60_000): Promise<void> {
    await mkdir(this.workDir, { recursive: true });
    this.starts++;
    this.log = createWriteStream(path.join(this.workDir, `server-${this.starts}.log`));
    const child = spawn(
      process.execPath,
      [
        ...serverNodeFlags,
        '--expose-gc',
        '--import',
        path.join(root, 'tests/faults/gc-probe.ts'),
        'server/main.ts',
      ],
      {
        cwd: root,
        env: { ...process.env, ...this.env, PORT: String(this.port), FAULTS_PROBE_FILE: this.probeFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.expectingExit = false;
    const onOutput = (chunk: Buffer) => {
      this.log?.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (
          /"level":(5\d|60)/.test(line) ||
          /^(Error|TypeError|RangeError)\b|Unhandled|uncaught/i.test(line)
        ) {
          this.errorLines.push(line.slice(0, 2000));
        }
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', (code, signal) => this.exits.push({ code, signal, expected: this.expectingExit }));
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited at start (code ${child.exitCode})`);
      if (await this.healthy()) return;
      await sleep(100);
    }
    throw new Error('the server did not become healthy in time');
  }

  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** `kill -9`: no shutdown hook runs, nothing is flushed. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.expectingExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.log?.end();
  }

  /** Memory after a full garbage collection, from inside the process (gc-probe.ts). */
  async memory(): Promise<Memory> {
    const before = Date.now();
    this.child?.kill('SIGUSR2');
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      try {
        const figures = JSON.parse(readFileSync(this.probeFile, 'utf8')) as Memory & { at: number };
        if (figures.at >= before) return figures;
      } catch {
        // not written yet
      }
    }
    throw new Error('the server did not report its memory');
  }

  /** Its error log lines written after `since` (epoch ms): a part that does not recover keeps logging. */
  errorsSince(since: number): string[] {
    return this.errorLines.filter((line) => {
      const time = Number(/"time":(\d+)/.exec(line)?.[1] ?? 0);
      return time > since;
    });
  }

  /** Whether it died without being asked to. */
  get crashed(): boolean {
    return this.exits.some((e) => !e.expected);
  }
}
