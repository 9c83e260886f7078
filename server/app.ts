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
import type { AppModule, ModuleContext } from './module.ts';
import { adminModule } from './modules/admin/admin.module.ts';
import { auditLogModule } from './modules/admin/audit-log.module.ts';
import { authModule } from './modules/auth/auth.module.ts';
import { PAGE_SESSION_COOKIE } from './modules/auth/auth.routes.ts';
import { companiesModule } from './modules/companies/companies.module.ts';
import { dashboardModule } from './modules/dashboard/dashboard.module.ts';
import { documentsModule } from './modules/documents/documents.module.ts';
import { dossiersModule } from './modules/dossiers/dossiers.module.ts';
import { expertsModule } from './modules/experts/experts.module.ts';
import { healthModule } from './modules/health/health.module.ts';
import { messagingModule } from './modules/messaging/messaging.module.ts';
import { monitoringModule } from './modules/monitoring/monitoring.module.ts';
import { notificationsModule } from './modules/notifications/notifications.module.ts';
import { privacyModule } from './modules/privacy/privacy.module.ts';
import { productsModule } from './modules/products/products.module.ts';
import { reportsModule } from './modules/reports/reports.module.ts';
import { workflowsModule } from './modules/workflows/workflows.module.ts';
import { registerAuthGuard } from './platform/auth-guard.ts';
import { registerCompression } from './platform/compression.ts';
import { registerErrorHandler, sendRouteNotFound } from './platform/error-handler.ts';
import { failureLevel } from './platform/failure-level.ts';
import { clientErrorHandler, frameworkErrors } from './platform/framework-errors.ts';
import { sendEmail } from './platform/mailer.ts';
import { registerMetrics } from './platform/metrics.ts';
import { rateLimitStore } from './platform/rate-limit-store.ts';
import { bootLoaderScriptSource, registerStaticClient } from './platform/static-client.ts';
import { fastifyTrustProxy } from './platform/trust-proxy.ts';
import { type AppDeps, createServices, type Services } from './services.ts';

export type { AppDeps } from './services.ts';

/** The modules, in the order their routes and handlers are registered. */
const modules: readonly AppModule[] = [
  monitoringModule,
  healthModule,
  authModule,
  productsModule,
  dossiersModule,
  expertsModule,
  adminModule,
  auditLogModule,
  companiesModule,
  messagingModule,
  documentsModule,
  notificationsModule,
  workflowsModule,
  dashboardModule,
  reportsModule,
  privacyModule,
];

export const clientDistDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'dist');

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
    // Draining: the client (or the balancer) takes its next request elsewhere instead of keeping this connection.
    if (app.services.readiness.phase === 'draining') reply.header('connection', 'close');
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
        scriptSrc: ["'self'", bootLoaderScriptSource],
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
  await registerCompression(app);
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
  const metrics = registerMetrics(app, deps.pool, config.metricsToken);

  const context: ModuleContext = {
    services,
    config,
    db: deps.db,
    pool: deps.pool,
    sessionDatabaseUrl: deps.sessionDatabaseUrl,
    logFailure: (error, context, message) => logFailure(app, error, context, message),
  };
  // The platform's e-mail job: every module's e-mails (notifications, account e-mails) are sent by it.
  services.jobs.register(sendEmail, { mailer: services.mailer });
  app.addHook('onClose', () => services.mailer.close());
  // The first onListen hook: they run one after another once `listen` has resolved, and a module's (a start-up
  // job's insert) would otherwise hold the instance unready while it waits on the database.
  app.addHook('onListen', async () => services.readiness.ready());
  for (const module of modules) await module.register(app, context);
  app.addHook('onReady', () => services.jobs.start());
  // Socket.IO shares the HTTP server; its connections close before the server does.
  services.realtime.attach(app.server);
  app.addHook('preClose', () => services.realtime.close());

  // The first onClose hook (they run last registered first), once no request is in flight: the jobs stop being
  // taken and the running ones finish, while what subscribers do after a commit (notifications, reminders, step
  // clocks, which may send jobs) finishes too; then the job runner closes, and the connections (Redis, SMTP, the
  // database) after it.
  app.addHook('onClose', async () => {
    await services.jobs.stopWorking();
    const left = await services.events.settled(config.shutdownTimeoutMs / 2);
    if (left > 0) app.log.warn({ left }, 'event subscribers still running when the app closed');
    await services.jobs.stop();
  });

  const clientDir = deps.clientDir === undefined ? clientDistDir : deps.clientDir;
  const servesClient = clientDir
    ? await registerStaticClient(app, clientDir, {
        clock: services.clock,
        metrics,
        pageVisitor: (request) => services.auth.pageVisitor(request.cookies[PAGE_SESSION_COOKIE]),
      })
    : false;
  if (!servesClient) app.setNotFoundHandler(sendRouteNotFound);
  return app;
}

/** A failure of background work, logged at its level (`failureLevel`). */
function logFailure(app: FastifyInstance, error: unknown, context: Record<string, unknown>, message: string) {
  app.log[failureLevel(error)]({ err: error, ...context }, message);
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
