import type { Db } from '../db/pool.ts';
import type { Cache } from './cache.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { JobSender } from './jobs.ts';
import type { BlobStorage } from './storage/index.ts';

/** What the platform hands the services; the composition root (server/services.ts) builds each once. */
export type Platform = {
  db: Db;
  clock: Clock;
  events: EventBus;
  cache: Cache;
  jobs: JobSender;
  storage: BlobStorage;
};

/**
 * A service built from its dependencies, which it reads as `this.deps`. Each declares them once, next to it:
 * `export type <Name>Deps = Pick<Platform, 'db' | 'clock'> & { …its own }`, then `extends Service<<Name>Deps>`.
 */
export abstract class Service<Deps> {
  protected readonly deps: Deps;
  constructor(deps: Deps) {
    this.deps = deps;
  }
}
