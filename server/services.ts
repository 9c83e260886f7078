import type { Config } from './config.ts';
import type { Db, TimedPool } from './db/pool.ts';
import { AssignmentsService } from './modules/admin/assignments.service.ts';
import { AttentionService } from './modules/admin/attention.service.ts';
import { AuditLogService } from './modules/admin/audit-log.service.ts';
import { AdminUsersService } from './modules/admin/users-admin.service.ts';
import { AccountEmailsService } from './modules/auth/account-emails.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CompaniesService } from './modules/companies/companies.service.ts';
import { DashboardService } from './modules/dashboard/dashboard.service.ts';
import { createDocuments } from './modules/documents/documents.services.ts';
import { SignedLinks } from './modules/documents/signed-links.ts';
import { DossiersService } from './modules/dossiers/dossiers.service.ts';
import { ExpertRequestsService } from './modules/experts/expert-requests.service.ts';
import { ExpertsService } from './modules/experts/experts.service.ts';
import { ReviewsService } from './modules/experts/reviews.service.ts';
import { ExpertSearchService } from './modules/experts/search.service.ts';
import { createMessaging } from './modules/messaging/messaging.services.ts';
import { MonitoringService } from './modules/monitoring/monitoring.service.ts';
import {
  createNotifications,
  type NotificationChannels,
} from './modules/notifications/notifications.services.ts';
import { PrivacyService } from './modules/privacy/privacy.service.ts';
import { ProductsService } from './modules/products/products.service.ts';
import { SimulationsService } from './modules/products/simulations.service.ts';
import { ExportsService } from './modules/reports/exports/exports.service.ts';
import { ReportsService } from './modules/reports/reports.service.ts';
import { SchedulesService } from './modules/reports/schedules/schedules.service.ts';
import { UsersService } from './modules/users/users.service.ts';
import { createWorkflows } from './modules/workflows/workflows.services.ts';
import { AccountDirectory } from './platform/accounts.ts';
import { type Cache, createCache } from './platform/cache.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { EventBus } from './platform/events.ts';
import { JobRunner, type JobRunnerOptions } from './platform/jobs.ts';
import { Readiness } from './platform/lifecycle.ts';
import { LoginThrottle } from './platform/login-throttle.ts';
import { Mailer } from './platform/mailer.ts';
import { RealtimeHub } from './platform/realtime.ts';
import { createStorage } from './platform/storage/index.ts';
import { TokenService } from './platform/tokens.ts';

/**
 * The composition root: every service built once, in dependency order, each given only what it uses. Modules wire
 * these into the HTTP app, the event bus, the job runner and the sockets through their `register` (server/module.ts).
 */
export type AppDeps = {
  config: Config;
  db: Db;
  pool: TimedPool;
  /**
   * Where connections keep their session (no transaction-mode pooler in between): the job runner (pg-boss) opens its
   * own small pool on it, the dashboard LISTENs on it.
   */
  sessionDatabaseUrl: string;
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
  /** Where notification e-mails and pushes go; by default SMTP (or the outbox) and Web Push. */
  notificationChannels?: NotificationChannels;
};

export type Services = ReturnType<typeof createServices>;

export function createServices(deps: AppDeps) {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const events = new EventBus((error, event) => deps.log?.(error, event));
  const tokens = new TokenService(config.jwtSecret, config.accessTokenTtlSeconds);
  const users = new UsersService({ db, clock });
  const products = new ProductsService({ db });
  const dossiers = new DossiersService({ db, clock, users, products, events });
  const simulations = new SimulationsService({ db, clock, products, dossiers });
  const dashboard = new DashboardService({ db, clock, products });
  const reports = new ReportsService({ db, clock, products });
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
    databaseUrl: deps.sessionDatabaseUrl,
    clock,
    // Half the shutdown's time for running jobs; the other half is the HTTP requests'.
    stopTimeoutSeconds: config.shutdownTimeoutMs / 2000,
    // Half the database pool at most: the other half is the requests'.
    concurrency: Math.max(2, Math.floor(deps.pool.options.max / 2)),
    onError: (error, job) => deps.log?.(error, `job ${job}`),
    ...deps.jobs,
  });
  const storage = createStorage(config.storage);
  const privacy = new PrivacyService({ db, clock, storage });
  const mailer = new Mailer({ db, clock, jobs, storage, smtpUrl: config.smtpUrl, from: config.mailFrom });
  const accountEmails = new AccountEmailsService({
    db,
    clock,
    events,
    jobs,
    mailer,
    auth,
    users,
    publicUrl: config.publicUrl,
  });
  const experts = new ExpertsService({ db, clock, cache, events, products, jobs });
  const expertSearch = new ExpertSearchService({
    db,
    cache,
    dossiers,
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
  const adminUsers = new AdminUsersService({ db, clock, users, auth, accounts, events, accountEmails });
  const assignments = new AssignmentsService({ db, clock });
  const auditLog = new AuditLogService({ db, clock });
  const attention = new AttentionService({ db });
  const companies = new CompaniesService({ db, clock, accounts, events });
  const realtime = new RealtimeHub({
    db,
    tokens,
    clock,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    log: (error, context) => deps.log?.(error, context),
    limits: config.socketLimits,
  });
  const monitoring = new MonitoringService({ db, clock, pool: deps.pool, realtime });
  const messaging = createMessaging({
    db,
    clock,
    events,
    dossiers,
    users,
    storage,
    realtime,
    attachmentMaxBytes: config.attachmentMaxBytes,
    attachmentQuotaBytes: config.attachmentQuotaBytes,
  });
  const documents = createDocuments({
    db,
    clock,
    events,
    jobs,
    storage,
    dossiers,
    users,
    products,
    config,
  });
  const notifications = createNotifications({
    db,
    clock,
    jobs,
    users,
    realtime,
    mailer,
    config,
    log: (error, context) => deps.log?.(error, context),
    channels: deps.notificationChannels,
  });
  const workflows = createWorkflows({
    db,
    clock,
    events,
    jobs,
    storage,
    dossiers,
    users,
    products,
    documents,
    messaging,
    expertRequests,
    expertSearch,
    notifications: notifications.notifications,
    config,
  });
  const exports = new ExportsService({
    db,
    clock,
    jobs,
    storage,
    reports,
    links: new SignedLinks(config.jwtSecret, 'export-links'),
    retentionDays: 7,
    maxBytes: 4 * 1024 ** 3,
  });
  const schedules = new SchedulesService({
    db,
    clock,
    jobs,
    mailer,
    reports,
    exports,
    publicUrl: config.publicUrl,
    attachmentMaxBytes: 10 * 1024 ** 2,
  });
  return {
    readiness: new Readiness(),
    clock,
    events,
    tokens,
    users,
    products,
    dossiers,
    simulations,
    dashboard,
    reports,
    exports,
    schedules,
    auth,
    loginThrottle,
    accounts,
    jobs,
    mailer,
    accountEmails,
    adminUsers,
    assignments,
    auditLog,
    attention,
    companies,
    storage,
    realtime,
    monitoring,
    messaging,
    documents,
    notifications,
    workflows,
    cache,
    experts,
    expertSearch,
    reviews,
    expertRequests,
    privacy,
  };
}
