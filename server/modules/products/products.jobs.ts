import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

/** Anonymous simulations are kept this long: enough to come back and open dossiers from one. */
export const ANONYMOUS_SIMULATION_TTL_DAYS = 30;
const BATCH = 5000;

/** Daily, at night: deletes anonymous simulations past their time, in batches so no delete holds locks long. */
export const purgeAnonymousSimulations = defineJob({
  name: 'products.purge-anonymous-simulations',
  payload: z.object({}),
  cron: { schedule: '40 3 * * *', payload: {} },
  run: async (_payload, { clock, db }: JobContext & { db: Db }) => {
    const cutoff = new Date(clock.now().getTime() - ANONYMOUS_SIMULATION_TTL_DAYS * 86_400_000);
    for (;;) {
      const deleted = await db
        .deleteFrom('simulations')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('simulations as s')
            .select('s.id')
            .where('s.userId', 'is', null)
            .where('s.createdAt', '<', cutoff)
            // A dossier keeps the simulation it came from (claimed ones are never anonymous, but never break one).
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('dossiers as d').select('d.id').whereRef('d.simulationId', '=', 's.id'))),
            )
            .limit(BATCH),
        )
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) < BATCH) return;
    }
  },
});
