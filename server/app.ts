import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { AdminService } from './modules/admin/admin.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { companiesRoutes } from './modules/companies/companies.routes.ts';
import { CompaniesService } from './modules/companies/companies.service.ts';
import { dossiersRoutes } from './modules/dossiers/dossiers.routes.ts';
import { DossiersService } from './modules/dossiers/dossiers.service.ts';
import { ExpertRequestsService } from './modules/experts/expert-requests.service.ts';
import { refreshResponseTime } from './modules/experts/experts.jobs.ts';
import { expertsRoutes } from './modules/experts/experts.routes.ts';
import { ExpertsService } from './modules/experts/experts.service.ts';
import { ReviewsService } from './modules/experts/reviews.service.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { purgeUnsentUploads, reconcileDossierMembership } from './modules/messaging/messaging.jobs.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { MessagingService } from './modules/messaging/messaging.service.ts';
import { registerMessagingSocket } from './modules/messaging/messaging.socket.ts';
import { purgeAnonymousSimulations } from './modules/products/products.jobs.ts';
import { productsRoutes } from './modules/products/products.routes.ts';
import { ProductsService } from './modules/products/products.service.ts';
import { SimulationsService } from './modules/products/simulations.service.ts';
import { UsersService } from './modules/users/users.service.ts';
import { AccountDirectory } from './platform/accounts.ts';
import { registerAuthGuard } from './platform/auth-guard.ts';
import { type Cache, createCache } from './platform/cache.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { isDatabaseUnavailable } from './platform/db-errors.ts';
import { registerErrorHandler, sendRouteNotFound } from './platform/error-handler.ts';
import { EventBus } from './platform/events.ts';
import { clientErrorHandler, frameworkErrors } from './platform/framework-errors.ts';
import { JobRunner, type JobRunnerOptions } from './platform/jobs.ts';
import { LoginThrottle } from './platform/login-throttle.ts';
import { registerMetrics } from './platform/metrics.ts';
import { rateLimitStore } from './platform/rate-limit-store.ts';
import { RealtimeHub } from './platform/realtime.ts';
import { registerStaticClient } from './platform/static-client.ts';
import { createStorage } from './platform/storage.ts';
import { TokenService } from './platform/tokens.ts';
import { fastifyTrustProxy } from './platform/trust-proxy.ts';

export const clientDistDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'dist');

export type AppDeps = {
  config: Config;
  db: Db;
  pool: pg.Pool;
  /** The database's URL: the job runner (pg-boss) opens its own small pool on it. */
  databaseUrl: string;
  /** Job runner tuning (tests poll faster). */
  jobs?: Partial<
    Pick<JobRunnerOptions, 'pollingIntervalSeconds' | 'cronIntervalSeconds' | 'bossClock' | 'onError'>
  >;
  clock?: Clock;
  /** Where the built SPA lives; tests pass null to serve the API alone. */
  clientDir?: string | null;
  /** Where errors of event subscribers go. */
  log?: (error: unknown, event: string) => void;
  /** Shared cache; by default Redis when REDIS_URL is set, in-process otherwise. */
  cache?: Cache;
};

export function createServices(deps: AppDeps) {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const events = new EventBus((error, event) => deps.log?.(error, event));
  const tokens = new TokenService(config.jwtSecret, config.accessTokenTtlSeconds);
  const users = new UsersService({ db, clock });
  const products = new ProductsService({ db });
  const dossiers = new DossiersService({ db, clock, users, products, events });
  const simulations = new SimulationsService({ db, clock, products, dossiers });
  const loginThrottle = new LoginThrottle({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    log: (error, context) => deps.log?.(error, context),
  });
  const auth = new AuthService({
    db,
    clock,
    tokens,
    users,
    throttle: loginThrottle,
    events,
    refreshTtlDays: config.refreshTokenTtlDays,
    refreshMaxAgeDays: config.refreshTokenMaxAgeDays,
    refreshReuseGraceSeconds: config.refreshReuseGraceSeconds,
  });
  const cache =
    deps.cache ??
    createCache(config.redisUrl, {
      prefix: config.redisPrefix,
      log: (error, context) => deps.log?.(error, context),
    });
  const jobs = new JobRunner({
    databaseUrl: deps.databaseUrl,
    clock,
    onError: (error, job) => deps.log?.(error, `job ${job}`),
    ...deps.jobs,
  });
  const experts = new ExpertsService({
    db,
    clock,
    cache,
    events,
    dossiers,
    products,
    jobs,
    facetsBudgetMs: config.searchFacetsBudgetMs,
  });
  const reviews = new ReviewsService({ db, clock, events, dossiers, experts });
  const expertRequests = new ExpertRequestsService({ db, clock, events, dossiers });
  const accounts = new AccountDirectory({
    db,
    clock,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    log: (error, context) => deps.log?.(error, context),
  });
  const admin = new AdminService({ db, clock, users, auth, accounts, events });
  const companies = new CompaniesService({ db, clock, accounts, events });
  const storage = createStorage(config);
  const realtime = new RealtimeHub({
    db,
    tokens,
    clock,
    events,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    log: (error, context) => deps.log?.(error, context),
    limits: config.socketLimits,
  });
  const messaging = new MessagingService({
    db,
    clock,
    events,
    dossiers,
    storage,
    realtime,
    attachmentMaxBytes: config.attachmentMaxBytes,
    attachmentQuotaBytes: config.attachmentQuotaBytes,
  });
  return {
    clock,
    events,
    tokens,
    users,
    products,
    dossiers,
    simulations,
    auth,
    loginThrottle,
    accounts,
    jobs,
    admin,
    companies,
    storage,
    realtime,
    messaging,
    cache,
    experts,
    reviews,
    expertRequests,
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            ...(config.env === 'development' ? { transport: { target: 'pino-pretty' } } : {}),
          },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const services = createServices({
    ...deps,
    jobs: { onError: (error, job) => logFailure(app, error, { job }, 'job failed'), ...deps.jobs },
    log: deps.log ?? ((error, event) => logFailure(app, error, { event }, 'event subscriber failed')),
  });
  app.decorate('services', services);

  registerErrorHandler(app);
  registerAuthGuard(app, { accounts: services.accounts, tokens: services.tokens, clock: services.clock });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Only images the product serves: its own files, attachments fetched as blobs, inline icons.
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // 'self' covers this origin's WebSocket (ws/wss on the same host and port), and no other host's.
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie);
  const limits = rateLimitStore({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    log: (error, context) => app.log.warn({ err: error }, context),
  });
  app.addHook('onClose', limits.close);
  await app.register(fastifyRateLimit, { global: false, store: limits.store, skipOnError: true });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'FinancialTracker API', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  registerMetrics(app, config.metricsToken);

  await app.register(healthRoutes, { pool: deps.pool });
  await app.register(authRoutes, {
    auth: services.auth,
    users: services.users,
    secureCookies: config.env === 'production',
    rateLimitPerMinute: config.authRateLimitPerMinute,
    registerLimits: {
      perAddressPerHour: config.registerRateLimitPerAddressPerHour,
      perEmailPerHour: config.registerRateLimitPerEmailPerHour,
    },
  });
  await app.register(productsRoutes, {
    ...services,
    simulationRateLimitPerMinute: config.simulationRateLimitPerMinute,
  });
  await app.register(dossiersRoutes, services);
  await app.register(expertsRoutes, {
    ...services,
    searchRateLimitPerMinute: config.searchRateLimitPerMinute,
  });
  app.addHook('onClose', () => services.cache.close());
  app.addHook('onClose', () => services.accounts.close());
  app.addHook('onClose', () => services.loginThrottle.close());
  await app.register(adminRoutes, services);
  await app.register(companiesRoutes, services);
  await app.register(messagingRoutes, {
    messaging: services.messaging,
    attachmentMaxBytes: config.attachmentMaxBytes,
  });
  // Background jobs, declared by each module in its <module>.jobs.ts (server/platform/jobs.ts).
  services.jobs.register(purgeUnsentUploads, { messaging: services.messaging });
  services.jobs.register(reconcileDossierMembership, { messaging: services.messaging });
  services.jobs.register(purgeAnonymousSimulations, { db: deps.db });
  services.jobs.register(refreshResponseTime, { experts: services.experts });
  app.addHook('onReady', () => services.jobs.start());
  app.addHook('preClose', () => services.jobs.stop());
  // Socket.IO shares the HTTP server; its connections close before the server does.
  services.realtime.attach(app.server);
  registerMessagingSocket(services.realtime, services.messaging, (error, context) =>
    logFailure(app, error, { context }, 'socket handler failed'),
  );
  app.addHook('preClose', () => services.realtime.close());

  const clientDir = deps.clientDir === undefined ? clientDistDir : deps.clientDir;
  const servesClient = clientDir ? await registerStaticClient(app, clientDir) : false;
  if (!servesClient) app.setNotFoundHandler(sendRouteNotFound);
  return app;
}

/** A failure of background work: an error, or a warning when the database is only unavailable for now. */
function logFailure(app: FastifyInstance, error: unknown, context: Record<string, unknown>, message: string) {
  const level = isDatabaseUnavailable(error) ? 'warn' : 'error';
  app.log[level]({ err: error, ...context }, message);
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ReturnType<typeof createServices>;
  }
}
