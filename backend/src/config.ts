import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's `data/` folder, whatever the working directory. */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8000),
    HOST: z.string().default('0.0.0.0'),
    /** `postgres://…` switches to PostgreSQL; otherwise SQLite at DATABASE_PATH. */
    DATABASE_URL: z.string().optional(),
    DATABASE_PATH: z.string().default(`${DATA_DIR}spendscope.db`),
    /** Signs tokens; generated and kept under data/ when unset. */
    SPENDSCOPE_SECRET: z.string().min(32, 'SPENDSCOPE_SECRET must be at least 32 characters').optional(),
    /** Seed plans, prices and demo users at start. */
    SEED_DEMO: flag.default(true),
    /** Run the traffic simulator in the server process. */
    SIMULATE: flag.default(true),
    SIMULATE_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
    METRICS_TOKEN: z.string().optional(),
    /** User an OTLP GenAI span is metered to when it carries no user.id or enduser.id; unset: refused. */
    OTLP_DEFAULT_USER: z.string().min(1).max(128).optional(),
    /** Plan given to users seen for the first time. */
    DEFAULT_PLAN: z.string().default('free'),
    /** Health turns critical when request p95 exceeds this. */
    HEALTH_P95_BOUND_MS: z.coerce.number().min(1).default(1000),
    /** Comma-separated `name=on|off` pairs overriding the default feature flags. */
    FEATURE_FLAGS: z.string().default(''),
    /** Requests per minute allowed to one API key or token (or address, without one); 0 turns it off. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60_000),
    /** Live WebSocket connections one signed-in user may hold at once. */
    WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
    /** On SIGTERM, how long in-flight work may take before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** The request's headers must have arrived within this (then 408 and the connection is closed). */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** The whole request, headers and body, must have arrived within this (then 408, closed). */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** A connection with no traffic either way for this long is closed (WebSockets excepted). */
    HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    /** An idle kept-alive connection is closed after this; clients should reuse it for less. */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(72_000),
    /**
     * Store reports in a worker thread beside the event loop (on): no request waits behind a report being
     * priced and written. Off stores them on the event loop, as a fallback.
     */
    INGEST_WORKER: flag.default(true),
    /** Least time between two evaluations of one user's forecast and anomaly alerts (docs/forecasting.md). */
    FORECAST_ALERTS_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((c) => c.HTTP_HEADERS_TIMEOUT_MS <= c.HTTP_REQUEST_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message:
      'HTTP_HEADERS_TIMEOUT_MS may not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)',
  });

export type Config = z.infer<typeof envSchema>;

/** Reads configuration once from the environment; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Where the database lives: DATABASE_URL when it is PostgreSQL, else the SQLite file. */
export function databaseTarget(config: Config): string {
  return config.DATABASE_URL ?? config.DATABASE_PATH;
}
