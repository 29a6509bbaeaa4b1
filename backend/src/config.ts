import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's `data/` folder, whatever the working directory. */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** An http(s) base URL without a trailing slash. */
const upstream = z
  .url({ protocol: /^https?$/, error: 'an upstream must be an http:// or https:// URL' })
  .transform((url) => url.replace(/\/+$/, ''));

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
    /** How many times faster than the seeded history the simulator reports (1: the history's own pace). */
    SIMULATE_SPEED: z.coerce.number().min(0.01).max(1_000_000).default(1),
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
    /** Where the gateway forwards each provider's calls (origin, optionally with a path prefix). */
    SPENDSCOPE_UPSTREAM_OPENAI: upstream.default('https://api.openai.com'),
    SPENDSCOPE_UPSTREAM_ANTHROPIC: upstream.default('https://api.anthropic.com'),
    SPENDSCOPE_UPSTREAM_GEMINI: upstream.default('https://generativelanguage.googleapis.com'),
    SPENDSCOPE_UPSTREAM_MISTRAL: upstream.default('https://api.mistral.ai'),
    /**
     * How long the gateway waits for the upstream's reply headers, and then between two chunks of its
     * body; past it the call ends with 504. Below HTTP_CONNECTION_TIMEOUT_MS, so the client's connection
     * is still open to hear it. Unset: 100 s, or a second less than HTTP_CONNECTION_TIMEOUT_MS.
     */
    GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(1).optional(),
    /** Largest request body the gateway forwards (then 413 in the provider's error format). */
    GATEWAY_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1024 * 1024),
    /** Output tokens a gateway call is reserved for when it names no max_tokens (docs/gateway.md). */
    GATEWAY_DEFAULT_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).default(4096),
    /** How long a reservation (`check` with `reserve`, the gateway) counts unless settled or released first. */
    RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    /** How often expired reservations are deleted (they stop counting at expiry regardless). */
    RESERVATION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
    /** Encrypts channel secrets at rest; generated and kept under data/ (`secrets.key`) when unset. */
    SECRETS_KEY: z.string().min(32, 'SECRETS_KEY must be at least 32 characters').optional(),
    /** Let channels use plain http URLs (otherwise https only). */
    ALLOW_HTTP_CHANNELS: flag.default(false),
    /** Let channels point at private, loopback or link-local addresses (tests; never in production). */
    ALLOW_PRIVATE_CHANNEL_ADDRESSES: flag.default(false),
    /** Run the alert delivery worker in this process. */
    DELIVERY_WORKER: flag.default(true),
    /** How often the delivery worker looks for due deliveries (it also wakes when alerts are raised). */
    DELIVERY_POLL_MS: z.coerce.number().int().min(10).default(1000),
    /** How long a claimed delivery is held before another process may take it over. */
    DELIVERY_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
    /** How long one webhook or Slack attempt may take. */
    DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** SMTP server as a URL, e.g. `smtps://user:pass@smtp.example.com` (or use SMTP_HOST…). */
    SMTP_URL: z.string().optional(),
    SMTP_HOST: z.string().optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    SMTP_SECURE: flag.optional(),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    /** Sender of alert emails. */
    SMTP_FROM: z.string().default('Spendscope <alerts@localhost>'),
    /** Least time between two evaluations of one user's forecast and anomaly alerts (docs/forecasting.md). */
    FORECAST_ALERTS_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((c) => c.GATEWAY_TIMEOUT_MS === undefined || c.GATEWAY_TIMEOUT_MS < c.HTTP_CONNECTION_TIMEOUT_MS, {
    path: ['GATEWAY_TIMEOUT_MS'],
    message:
      'GATEWAY_TIMEOUT_MS must be below HTTP_CONNECTION_TIMEOUT_MS (else the idle client connection closes before the 504)',
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

/** How long the gateway waits on an upstream (GATEWAY_TIMEOUT_MS, else the default that fits). */
export function gatewayTimeoutMs(config: Config): number {
  return (
    config.GATEWAY_TIMEOUT_MS ?? Math.max(1, Math.min(100_000, config.HTTP_CONNECTION_TIMEOUT_MS - 1000))
  );
}

/** Where the database lives: DATABASE_URL when it is PostgreSQL, else the SQLite file. */
export function databaseTarget(config: Config): string {
  return config.DATABASE_URL ?? config.DATABASE_PATH;
}
