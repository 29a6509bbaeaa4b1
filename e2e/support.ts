import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import type { Provider, UsageBatchResponse, UsageEventInput } from '@spendscope/contracts';

/** The secret the e2e servers sign with (playwright.config.ts sets it). */
export const E2E_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

/** What a project's server runs on, as playwright.config.ts describes it in the project's metadata. */
export type ServerMetadata = { database: 'sqlite' | 'postgres'; dataDir: string };

const repoRoot = resolve(import.meta.dirname, '..');

/** Runs one of the project's CLIs (`backend/src/cli/NAME.ts`) and returns its last line of output. */
function runCli(name: string, args: string[], env: Record<string, string>): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `backend/src/cli/${name}.ts`, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return out.trim().split('\n').pop() ?? '';
}

type TokenOptions = {
  admin?: boolean;
  /** Lifetime in seconds (negative: expired that long ago); default a day. */
  ttlSeconds?: number;
  /** Sign with another secret: a token this server must not accept. */
  secret?: string | undefined;
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A signed token for `userId`, made in-process the way backend/src/auth/tokens.ts makes them (HS256,
 * subject, role, issuer, expiry): spawning the CLI for each would cost the suite a second per token.
 * Every test that signs in checks that the server accepts them; `tokenFromCli` covers the CLI itself.
 */
export function tokenFor(userId: string, options: TokenOptions = {}): string {
  const { admin = false, ttlSeconds = 86_400, secret = E2E_SECRET } = options;
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256' }));
  const payload = base64url(
    JSON.stringify({
      role: admin ? 'admin' : 'user',
      sub: userId,
      iss: 'spendscope',
      iat: now,
      exp: now + ttlSeconds,
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A token from the project's own CLI (`npm run token`), as an operator would make one. */
export function tokenFromCli(userId: string, options: { admin?: boolean } = {}): string {
  return runCli('token', [userId, ...(options.admin ? ['--admin'] : [])], { SPENDSCOPE_SECRET: E2E_SECRET });
}

/** The server this test's project runs against. */
export function serverMetadata(): ServerMetadata {
  return test.info().project.metadata as ServerMetadata;
}

/** The environment that points a CLI at the same database as the project's server. */
function databaseEnv(): Record<string, string> {
  const { database, dataDir } = serverMetadata();
  if (database === 'postgres') {
    return { DATABASE_URL: readFileSync(join(dataDir, 'database-url'), 'utf8').trim() };
  }
  return { DATABASE_PATH: join(dataDir, 'spendscope.db') };
}

const keyCache = new Map<string, string>();

/** An ingestion key for the project's server, made once per project with `keys create`. */
export function ingestionKey(): string {
  const { dataDir } = serverMetadata();
  const cached = keyCache.get(dataDir);
  if (cached) return cached;
  const key = runCli('keys', ['create', `e2e-${Date.now()}`], databaseEnv());
  expect(key).toMatch(/^sk_/);
  keyCache.set(dataDir, key);
  return key;
}

/** A user id no other test uses; the server creates the user (Free plan) on its first report. */
export function freshUserId(purpose: string): string {
  return `e2e-${purpose}-${randomBytes(4).toString('hex')}`;
}

let eventCounter = 0;

/** One provider call of `userId`, as an app would report it. */
export function call(
  userId: string,
  provider: Provider,
  fields: Omit<Partial<UsageEventInput>, 'user_id' | 'provider'> = {},
): UsageEventInput {
  eventCounter += 1;
  return {
    event_id: `${userId}-${process.pid}-${eventCounter}`,
    user_id: userId,
    provider,
    response_time_ms: 420,
    ...fields,
  };
}

/** `count` calls of the same kind. */
export function calls(
  count: number,
  userId: string,
  provider: Provider,
  fields: Omit<Partial<UsageEventInput>, 'user_id' | 'provider'> = {},
): UsageEventInput[] {
  return Array.from({ length: count }, () => call(userId, provider, fields));
}

/** Reports a batch through the ingestion API and checks that every event was accepted. */
export async function report(request: APIRequestContext, events: UsageEventInput[]): Promise<void> {
  const response = await request.post('/api/usage/events', {
    headers: { Authorization: `Bearer ${ingestionKey()}` },
    data: { events },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as UsageBatchResponse;
  expect(body).toMatchObject({ accepted: events.length, rejected: [] });
}

/** GET an API path with a user's token, as the dashboard would. */
export async function apiGet<T>(request: APIRequestContext, path: string, token: string): Promise<T> {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** Opens a page of the dashboard with a sign-in link, the way an app hands one to its user. */
export async function openDashboard(page: Page, path: string, token: string): Promise<void> {
  const separator = path.includes('?') ? '&' : '?';
  await page.goto(`${path}${separator}token=${encodeURIComponent(token)}`);
}

/** Waits until the header says the live connection is up. */
export async function expectLive(page: Page, timeout = 10_000): Promise<void> {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', { timeout });
  await expect(page.getByTestId('live-status')).toHaveText('Live');
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdSmall = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumSignificantDigits: 3,
});

/** Dollars as the dashboard writes them (sub-cent amounts with three significant digits). */
export function dollars(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? usdSmall.format(value) : usd.format(value);
}

/** A whole number with thousands separators, as the dashboard writes counts. */
export function count(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
}

/** A number in compact notation (1.2K, 3.4M), as the dashboard writes token counts. */
export function compact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
