import path from 'node:path';
import { z } from 'zod';

export const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production-0123456789';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  REDIS_URL: z.string().url().optional(),
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
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEV_JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SEED_DEMO: bool.optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  TRUST_PROXY: bool.default(false),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: z.infer<typeof env>['LOG_LEVEL'];
  databaseUrl: string | undefined;
  /** Connections to PostgreSQL; unset: see `poolSize` in db/database.ts. */
  databasePoolSize: number | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  /** Prefix of the Redis channels and keys, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  attachmentMaxBytes: number;
  embeddedPgPort: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  authRateLimitPerMinute: number;
  seedDemo: boolean;
  /** When set, `/metrics` answers only a scraper that presents it as a bearer token. */
  metricsToken: string | undefined;
  trustProxy: boolean;
};

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (as in `REDIS_URL= npm start`).
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = env.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === DEV_JWT_SECRET) {
    throw new Error(
      'Refusing to start in production with the default JWT_SECRET: set a random secret of 32+ characters.',
    );
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisPrefix: e.REDIS_PREFIX,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
  };
}
