import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db, TimedPool } from './db/pool.ts';
import type { Services } from './services.ts';

/** What a module's `register` receives: the built services, the configuration, and where failures go. */
export type ModuleContext = {
  services: Services;
  config: Config;
  db: Db;
  pool: TimedPool;
  /** Where connections keep their session: see AppDeps. */
  sessionDatabaseUrl: string;
  /** Failures of background work (socket handlers, subscribers): logged, never thrown to a caller. */
  logFailure: (error: unknown, context: Record<string, unknown>, message: string) => void;
};

/**
 * A module of the app. Its one `register` function wires everything the module adds to the running app: HTTP
 * routes, domain-event subscriptions (who hears which change), socket handlers and background jobs. The services
 * themselves are built in server/services.ts.
 */
export type AppModule = {
  name: string;
  register: (app: FastifyInstance, context: ModuleContext) => Promise<void> | void;
};
