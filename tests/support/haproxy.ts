/**
 * An HAProxy of the test's own (Debian's `haproxy`) balancing HTTP and WebSocket round-robin over a fleet's
 * instances, as a production load balancer does: health checks on `/api/health/ready` (an instance shutting down
 * leaves the rotation before it closes), a request that found no connection or a 503 retried on another instance,
 * no sticky sessions. Every answer names the instance that served it (`x-served-by`), the balancer's own included.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { endChild } from './child-process.ts';
import { freePort } from './ports.ts';

const binary = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? 'haproxy';

/** Whether HAProxy can be started here (Debian's package `haproxy`). */
export const haproxyInstalled = spawnSync(binary, ['-v']).status === 0;

export type Backend = { name: string; port: number };

export class OwnHaproxy {
  private readonly child: ChildProcess;
  private readonly dir: string;
  readonly port: number;
  private constructor(child: ChildProcess, dir: string, port: number) {
    this.child = child;
    this.dir = dir;
    this.port = port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `checkIntervalMs`: how often each instance's readiness is asked; two failures take it out, two successes in. */
  static async start(backends: Backend[], options: { checkIntervalMs?: number; logFile?: string } = {}) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ft-haproxy-'));
    const port = await freePort();
    const inter = options.checkIntervalMs ?? 300;
    const config = [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  timeout tunnel 1h',
      '  timeout http-keep-alive 5s',
      '  option redispatch',
      '  retries 3',
      // Safe to retry: nothing reached an instance, or it answered 503 (closing, or its transaction rolled back).
      '  retry-on conn-failure empty-response 503',
      'frontend fleet',
      `  bind 127.0.0.1:${port}`,
      '  http-after-response set-header x-served-by %s',
      '  default_backend instances',
      'backend instances',
      '  balance roundrobin',
      '  option httpchk GET /api/health/ready',
      '  http-check expect status 200',
      `  default-server inter ${inter} fall 2 rise 2`,
      ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`),
    ].join('\n');
    const file = path.join(dir, 'haproxy.cfg');
    await writeFile(file, `${config}\n`);
    const check = spawnSync(binary, ['-c', '-q', '-f', file], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`invalid HAProxy configuration: ${check.stderr || check.stdout}`);
    const child = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = options.logFile ? createWriteStream(options.logFile) : null;
    for (const stream of [child.stdout, child.stderr]) {
      if (log) stream?.pipe(log);
      else stream?.resume();
    }
    const proxy = new OwnHaproxy(child, dir, port);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited (code ${child.exitCode})`);
      const answered = await fetch(`${proxy.url}/api/health`).then(
        (r) => r.arrayBuffer().then(() => r.status),
        () => 0,
      );
      if (answered === 200) return proxy;
      if (Date.now() > deadline) throw new Error('haproxy did not serve in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await endChild(this.child, 'SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }
}
