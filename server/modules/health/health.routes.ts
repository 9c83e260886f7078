import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate.ts';
import type { Readiness } from '../../platform/lifecycle.ts';

const health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'unknown']),
  uptimeSeconds: z.number(),
});

const ready = z.object({ status: z.enum(['starting', 'ready', 'draining']) });

export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; readiness: Readiness }> = async (
  app,
  { pool, readiness },
) => {
  // For a load balancer: whether to send this instance new requests. Only the instance's own state counts: were the
  // database down, every instance would be unready and the balancer would answer in the app's place.
  app.get(
    '/api/health/ready',
    { config: { access: 'public' }, schema: { tags: ['platform'], response: { 200: ready, 503: ready } } },
    async (_request, reply) => {
      const status = readiness.phase;
      reply.status(status === 'ready' ? 200 : 503);
      return { status };
    },
  );

  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['platform'], response: { 200: health, 503: health } } },
    async (_request, reply) => {
      const uptimeSeconds = Math.round(process.uptime());
      try {
        const pending = await pendingMigrations(pool);
        const ok = pending.length === 0;
        reply.status(ok ? 200 : 503);
        return {
          status: ok ? ('ok' as const) : ('degraded' as const),
          database: 'ok' as const,
          migrations: ok ? ('current' as const) : ('pending' as const),
          uptimeSeconds,
        };
      } catch {
        reply.status(503);
        return {
          status: 'degraded' as const,
          database: 'unreachable' as const,
          migrations: 'unknown' as const,
          uptimeSeconds,
        };
      }
    },
  );
};
