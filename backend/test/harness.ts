import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../src/auth/apiKeys.ts';
import type { Clock } from '../src/clock.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { upsertUser } from '../src/db/users.ts';
import { createServer, type Server } from '../src/server.ts';
import { createPgDatabase, testDialect } from './testDatabase.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
export const TEST_SECRETS_KEY = 'test-channel-secrets-key-long-enough-for-hkdf';

export type TestServer = {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  server: Server;
  /** An active ingestion key. */
  apiKey: string;
  /** A token for the `admin` user (role admin). */
  adminToken: string;
  /** A user token for `userId`. */
  tokenFor(userId: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * Starts the real server on a free port over a fresh database: SQLite in a temporary folder, or (in the
 * `server-pg` project) a new database in the run's PostgreSQL cluster, or the PostgreSQL database named
 * by `databaseUrl`. No demo data and no simulator unless asked.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; clock?: Clock; databaseUrl?: string; port?: number } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'spendscope-test-'));
  const ownPg = !options.databaseUrl && testDialect() === 'postgres' ? await createPgDatabase() : undefined;
  const databaseUrl = options.databaseUrl ?? ownPg?.url;
  const config: Config = loadConfig({
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'test.db'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SPENDSCOPE_SECRET: TEST_SECRET,
    SEED_DEMO: '0',
    SIMULATE: '0',
    LOG_LEVEL: 'silent',
    SECRETS_KEY: TEST_SECRETS_KEY,
    // Tests that deliver alerts drive the worker themselves (ctx.delivery.runOnce) or turn it on.
    DELIVERY_WORKER: '0',
    ...options.env,
  });
  const server = await createServer(config, options.clock ? { clock: options.clock } : {});
  await upsertUser(
    server.ctx.db,
    { id: 'admin', display_name: 'Operator', timezone: 'UTC', role: 'admin' },
    'enterprise',
    Date.now(),
  );
  const { key } = await createApiKey(server.ctx.db, 'test');
  await server.app.listen({ port: config.PORT, host: config.HOST });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    apiKey: key,
    adminToken: await server.ctx.tokens.sign({ userId: 'admin', role: 'admin' }),
    tokenFor: (userId) => server.ctx.tokens.sign({ userId, role: 'user' }),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      await ownPg?.drop();
    },
  };
}

/** fetch with JSON in and out, for tests. */
export async function call(
  base: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}
