import path from 'node:path';
import { z } from 'zod';
import { developmentJwtSecret } from './platform/jwt-secret.ts';
import type { SocketLimits } from './platform/socket-limits.ts';
import { parseTrustProxy, type TrustProxy } from './platform/trust-proxy.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_DIRECT_URL: z.string().url().optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(['auto', 'on', 'off']).default('auto'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
  REDIS_URL: z.string().url().optional(),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  DATA_DIR: z.string().default('./data'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/)
    .default('ft'),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(25 * 1024 * 1024),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  REFRESH_TOKEN_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  REGISTER_RATE_LIMIT_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  REGISTER_RATE_LIMIT_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).default(5),
  SEED_DEMO: bool.optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  SIMULATION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SEARCH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SEARCH_FACETS_BUDGET_MS: z.coerce.number().int().min(10).default(1_000),
  SOCKET_MESSAGES_PER_SECOND: z.coerce.number().positive().default(10),
  SOCKET_MESSAGE_BURST: z.coerce.number().int().min(1).default(50),
  SOCKET_TYPING_PER_SECOND: z.coerce.number().positive().default(5),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().positive().default(20),
  ATTACHMENT_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 ** 3),
  /** The address users reach the app at: the links of e-mails and pushes. */
  PUBLIC_URL: z.string().url().optional(),
  /** smtp://user:pass@host:port or smtps://…; unset: e-mails stay in the admins' outbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('FinancialTracker <no-reply@financialtracker.fr>'),
  /** Web Push keys (base64url); unset: a pair is made at first start and kept in the database. */
  VAPID_PUBLIC_KEY: z.string().min(40).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().default('mailto:support@financialtracker.fr'),
  /**
   * The push services a browser subscription may point at (a host or a parent domain, comma-separated): the server
   * posts to the endpoint a browser gives, so only the real push services are accepted. '*' accepts any.
   */
  PUSH_SERVICE_HOSTS: z
    .string()
    .default('fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** How long a new-message e-mail waits, so that a message read in the app is not e-mailed. */
  NEW_MESSAGE_EMAIL_DELAY_SECONDS: z.coerce.number().int().min(0).default(300),
  /** S3-compatible object storage for files; unset: files live on local disk under DATA_DIR. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style addressing (http://host/bucket/key), which MinIO, Garage and most S3-compatible servers expect. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** 32 bytes, base64 or hex: wraps each file's own key (AES-256-GCM). Set: files are encrypted at rest. */
  STORAGE_MASTER_KEY: z.string().optional(),
  /** Turns encryption at rest off although a master key is set (files written before stay readable). */
  STORAGE_ENCRYPTION: bool.optional(),
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 * 1024),
  /** How long a closed dossier's documents are kept before they may be deleted (legal period). */
  DOCUMENT_RETENTION_YEARS: z.coerce.number().int().min(0).max(100).default(10),
  DOCUMENT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
  /** How long an interrupted resumable upload can be resumed before its parts are removed. */
  UPLOAD_RESUME_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** The Tesseract binary for OCR; absent: scanned files are marked "text not extracted". */
  TESSERACT_PATH: z.string().default('tesseract'),
  OCR_LANGUAGES: z
    .string()
    .regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/)
    .default('fra'),
  // Workflows and SLAs (docs/domain.md): the warning at this share of a step's SLA, the escalations after a breach.
  SLA_WARNING_RATIO: z.coerce.number().gt(0).lt(1).default(0.75),
  SLA_ESCALATION_HOURS: z.coerce.number().min(0).max(720).default(4),
  SLA_SECOND_LEVEL_HOURS: z.coerce.number().min(0).max(720).default(24),
  REMINDER_DOCUMENTS_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  REMINDER_MAX_COUNT: z.coerce.number().int().min(1).max(20).default(5),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: z.infer<typeof env>['LOG_LEVEL'];
  databaseUrl: string | undefined;
  /**
   * The database without a pooler in between, for what needs a session of its own (migrations and their advisory
   * lock, the dashboard's LISTEN, the job runner); unset: `databaseUrl`.
   */
  databaseDirectUrl: string | undefined;
  /**
   * Whether hot queries run as named prepared statements. Off behind a transaction-mode pooler (PgBouncer before
   * 1.21, Supabase's port 6543), which hands each transaction to any server connection: a name prepared on one is
   * unknown on the next. `auto`: off when a distinct direct URL says a pooler is in between.
   */
  databasePreparedStatements: boolean;
  /** A pooler is in between (a direct URL distinct from `databaseUrl`): timeouts go on the role, not at connect. */
  databasePooled: boolean;
  /** Connections to PostgreSQL; unset: see `poolSize` in db/database.ts. */
  databasePoolSize: number | undefined;
  /** Waiting for a database connection before answering 503. */
  databaseAcquireTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  databaseIdleInTransactionTimeoutMs: number;
  redisUrl: string | undefined;
  /**
   * On SIGTERM, time between going unready (`/api/health/ready` answers 503) and closing, so that a load balancer
   * stops sending new requests first. Default: 0 in development and tests, 5 s otherwise.
   */
  shutdownDrainMs: number;
  /** On SIGTERM, time in-flight requests and running jobs get to finish before they are cut and handed back. */
  shutdownTimeoutMs: number;
  dataDir: string;
  /** Prefix of the Redis channels and keys, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  attachmentMaxBytes: number;
  embeddedPgPort: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** Sliding: a refresh token unused this long expires. */
  refreshTokenTtlDays: number;
  /** Absolute: a session (refresh family) older than this cannot be renewed, however active. */
  refreshTokenMaxAgeDays: number;
  /** A just-rotated refresh token presented again this soon (another tab) gets the same new session. */
  refreshReuseGraceSeconds: number;
  authRateLimitPerMinute: number;
  /** Registration attempts per client address, and per e-mail tried, in an hour (anti-enumeration). */
  registerRateLimitPerAddressPerHour: number;
  registerRateLimitPerEmailPerHour: number;
  seedDemo: boolean;
  /** When set, `/metrics` answers only a scraper that presents it as a bearer token. */
  metricsToken: string | undefined;
  /** Which X-Forwarded-For hops to believe (see platform/trust-proxy.ts). */
  trustProxy: TrustProxy;
  /** Simulations per minute and client address. */
  simulationRateLimitPerMinute: number;
  /** Marketplace searches per minute and client address. */
  searchRateLimitPerMinute: number;
  /** Time an uncached facet count may take before a search answers without facets. */
  searchFacetsBudgetMs: number;
  /** Socket events per user and second (token buckets; typing and other events allow bursts of twice their rate). */
  socketLimits: SocketLimits;
  /** Attachments a user may keep stored (sent or not), in bytes. */
  attachmentQuotaBytes: number;
  /** Origin of the links in e-mails and pushes (no trailing slash). */
  publicUrl: string;
  /** Unset: e-mails are kept in the outbox (status 'outbox') that admins read in the app. */
  smtpUrl: string | undefined;
  mailFrom: string;
  vapid: { publicKey: string; privateKey: string } | undefined;
  vapidSubject: string;
  /** Hosts (or parent domains) of the push services subscriptions may use; ['*']: any. */
  pushServiceHosts: string[];
  newMessageEmailDelaySeconds: number;
  storage: StorageConfig;
  documentMaxBytes: number;
  documentRetentionYears: number;
  documentLinkTtlSeconds: number;
  uploadResumeHours: number;
  ocr: { tesseractPath: string; languages: string };
  sla: SlaConfig;
};

export type SlaConfig = {
  /** Share of a step's SLA after which it is "approaching" (0.75). */
  warningRatio: number;
  /** Hours after a breach before the admins are alerted, then the second level. */
  escalationHours: number;
  secondLevelHours: number;
  /** Days a client has before the first reminder of requested documents (then with back-off). */
  documentsReminderDays: number;
  /** Reminders sent for one cause at most. */
  reminderMaxCount: number;
};

export type StorageConfig = {
  dataDir: string;
  s3:
    | {
        endpoint: string;
        bucket: string;
        region: string;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
        forcePathStyle: boolean;
      }
    | undefined;
  /** The 32-byte master key, when one is set. */
  masterKey: Buffer | undefined;
  /** New files are encrypted (on by default when a master key is set). */
  encrypt: boolean;
};

function parseMasterKey(value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new Error('Invalid configuration:\n  STORAGE_MASTER_KEY: 32 bytes, base64 or hex');
  return key;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (as in `REDIS_URL= npm start`).
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = env.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new Error(
      'Refusing to start in production without JWT_SECRET: set a random secret of 32+ characters.',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    databasePreparedStatements: preparedStatements(e),
    databasePooled: pooled(e),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseAcquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
    databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    databaseIdleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? (e.NODE_ENV === 'production' ? 5_000 : 0),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    dataDir,
    redisPrefix: e.REDIS_PREFIX,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    jwtSecret: e.JWT_SECRET ?? developmentJwtSecret(e.NODE_ENV, dataDir),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    refreshTokenMaxAgeDays: e.REFRESH_TOKEN_MAX_AGE_DAYS,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    registerRateLimitPerAddressPerHour: e.REGISTER_RATE_LIMIT_PER_ADDRESS_PER_HOUR,
    registerRateLimitPerEmailPerHour: e.REGISTER_RATE_LIMIT_PER_EMAIL_PER_HOUR,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    simulationRateLimitPerMinute: e.SIMULATION_RATE_LIMIT_PER_MINUTE,
    searchRateLimitPerMinute: e.SEARCH_RATE_LIMIT_PER_MINUTE,
    searchFacetsBudgetMs: e.SEARCH_FACETS_BUDGET_MS,
    socketLimits: {
      message: { perSecond: e.SOCKET_MESSAGES_PER_SECOND, burst: e.SOCKET_MESSAGE_BURST },
      typing: { perSecond: e.SOCKET_TYPING_PER_SECOND, burst: Math.ceil(2 * e.SOCKET_TYPING_PER_SECOND) },
      other: { perSecond: e.SOCKET_EVENTS_PER_SECOND, burst: Math.ceil(2 * e.SOCKET_EVENTS_PER_SECOND) },
    },
    attachmentQuotaBytes: e.ATTACHMENT_QUOTA_BYTES,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    vapid:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
        : undefined,
    vapidSubject: e.VAPID_SUBJECT,
    pushServiceHosts: e.PUSH_SERVICE_HOSTS,
    newMessageEmailDelaySeconds: e.NEW_MESSAGE_EMAIL_DELAY_SECONDS,
    storage: storageConfig(e, dataDir),
    documentMaxBytes: e.DOCUMENT_MAX_BYTES,
    documentRetentionYears: e.DOCUMENT_RETENTION_YEARS,
    documentLinkTtlSeconds: e.DOCUMENT_LINK_TTL_SECONDS,
    uploadResumeHours: e.UPLOAD_RESUME_HOURS,
    ocr: { tesseractPath: e.TESSERACT_PATH, languages: e.OCR_LANGUAGES },
    sla: {
      warningRatio: e.SLA_WARNING_RATIO,
      escalationHours: e.SLA_ESCALATION_HOURS,
      secondLevelHours: e.SLA_SECOND_LEVEL_HOURS,
      documentsReminderDays: e.REMINDER_DOCUMENTS_DAYS,
      reminderMaxCount: e.REMINDER_MAX_COUNT,
    },
  };
}

const pooled = (e: z.infer<typeof env>): boolean =>
  Boolean(e.DATABASE_DIRECT_URL && e.DATABASE_URL && e.DATABASE_DIRECT_URL !== e.DATABASE_URL);

function preparedStatements(e: z.infer<typeof env>): boolean {
  if (e.DATABASE_PREPARED_STATEMENTS !== 'auto') return e.DATABASE_PREPARED_STATEMENTS === 'on';
  return !pooled(e);
}

function storageConfig(e: z.infer<typeof env>, dataDir: string): StorageConfig {
  if (Boolean(e.S3_ENDPOINT) !== Boolean(e.S3_BUCKET))
    throw new Error('Invalid configuration:\n  S3_ENDPOINT and S3_BUCKET: set both, or neither');
  const masterKey = parseMasterKey(e.STORAGE_MASTER_KEY);
  if (e.STORAGE_ENCRYPTION && !masterKey)
    throw new Error('Invalid configuration:\n  STORAGE_ENCRYPTION: needs STORAGE_MASTER_KEY');
  return {
    dataDir,
    s3:
      e.S3_ENDPOINT && e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    masterKey,
    encrypt: masterKey !== undefined && e.STORAGE_ENCRYPTION !== false,
  };
}
