import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dossier } from '../../../common/dossiers.ts';
import { errorBody } from '../../../common/errors.ts';
import {
  createDossiersFromSimulationInput,
  product,
  simulation,
  simulationInput,
} from '../../../common/products.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ProductsService } from './products.service.ts';
import type { SimulationsService } from './simulations.service.ts';

const errors = errorResponses;

type Options = {
  products: ProductsService;
  simulations: SimulationsService;
  dossiers: DossiersService;
  /** Simulations per minute and client address (anonymous callers can run them). */
  simulationRateLimitPerMinute: number;
};

export const productsRoutes: FastifyPluginAsyncZod<Options> = async (app, opts) => {
  app.get(
    '/api/products',
    {
      config: { access: 'public' },
      schema: { tags: ['products'], response: { 200: z.object({ items: z.array(product) }) } },
    },
    async () => ({ items: (await opts.products.listActive()).map(({ rules: _rules, ...p }) => p) }),
  );

  app.post(
    '/api/simulations',
    {
      config: {
        access: 'public',
        rateLimit: { max: opts.simulationRateLimitPerMinute, timeWindow: '1 minute' },
      },
      // Answers to a few dozen questions: nowhere near the default megabyte.
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['products'],
        body: simulationInput,
        querystring: z.object({ lang: z.enum(['fr', 'en']).default('fr') }),
        response: { 201: simulation, ...errors, 413: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return opts.simulations.run(request.user, request.body.answers, request.query.lang);
    },
  );

  app.post(
    '/api/simulations/:id/dossiers',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['products'],
        params: z.object({ id: z.string().uuid() }),
        body: createDossiersFromSimulationInput,
        response: { 201: z.object({ items: z.array(dossier) }), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const ids = await opts.simulations.createDossiers(user, request.params.id, request.body.productCodes);
      const items = await Promise.all(ids.map((id) => opts.dossiers.get(user, id)));
      reply.status(201);
      return { items: items.map(({ timeline: _t, allowedTransitions: _a, ...d }) => d) };
    },
  );
};
