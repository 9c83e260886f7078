/**
 * An instance's lifecycle as a load balancer sees it: starting, ready once it listens, draining from the first
 * shutdown signal (`/api/health/ready` answers 503 from then on), and the shutdown sequence itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

export type InstancePhase = 'starting' | 'ready' | 'draining';

export class Readiness {
  private current: InstancePhase = 'starting';

  get phase(): InstancePhase {
    return this.current;
  }

  ready(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  drain(): void {
    this.current = 'draining';
  }
}

export type ShutdownOptions = {
  /** Unready this long before anything closes, so that the balancer's checks take the instance out first. */
  drainMs: number;
  /** In-flight requests past this are cut (their clients retry elsewhere); jobs get their share of it in `app.close`. */
  timeoutMs: number;
  /** Connected sockets get this long to leave on their own before they are cut. */
  socketGraceMs?: number;
};

/**
 * Stops this instance without losing anything: unready first (the balancer drains it), sockets told to connect
 * elsewhere, then the app closes: running jobs finish or are handed back (JobRunner.stop), the HTTP server stops
 * accepting and lets in-flight requests finish until the deadline, and the database and Redis connections close.
 */
export async function shutDown(app: FastifyInstance, options: ShutdownOptions): Promise<void> {
  const { readiness, realtime } = app.services;
  readiness.drain();
  await sleep(options.drainMs);
  await realtime.drain(options.socketGraceMs ?? 2000);
  const deadline = setTimeout(() => app.server.closeAllConnections(), options.timeoutMs);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
}
