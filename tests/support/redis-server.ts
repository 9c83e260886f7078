import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './ports.ts';
import { redisAnswers } from './redis.ts';

/** Whether `redis-server` can be started here (tests that stop Redis are skipped otherwise). */
export const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

/**
 * A Redis of the test's own, on a free port, that the test may kill and start again on the same port (never the
 * machine's Redis). Nothing is persisted: a restart starts empty.
 */
export class OwnRedis {
  readonly url: string;
  private readonly port: number;
  private child: ChildProcess | undefined;
  private constructor(port: number) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** A URL on which nothing listens. */
  static async closedUrl(): Promise<string> {
    return `redis://127.0.0.1:${await freePort()}`;
  }

  async restart(): Promise<void> {
    if (this.child) throw new Error('this Redis is running');
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(this.url))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the process at once, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
