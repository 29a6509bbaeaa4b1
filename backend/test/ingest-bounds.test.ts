import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alertsResponseSchema,
  createPricingResponseSchema,
  dashboardDataSchema,
  errorBodySchema,
  PERIOD_TOTAL_CEILING,
  providerDetailsSchema,
  usageBatchResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/schema.ts';
import { checkRollups } from '../src/domain/rollupCheck.ts';
import { fixedClock, NOW } from './billing-helpers.ts';
import { prepareDatabase, runVerify } from './childServer.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { freshDatabaseTarget } from './testDatabase.ts';

// The attack run's findings, each reproduced against a real server (SQLite, and PostgreSQL in server-pg).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
});
afterAll(() => t.close());

const report = (events: unknown[]) =>
  call(t.url, '/api/usage/events', { method: 'POST', token: t.apiKey, body: { events } });

async function reportParsed(events: unknown[]) {
  const res = await report(events);
  expect(res.status).toBe(200);
  return usageBatchResponseSchema.parse(res.body);
}

const read = (path: string) => call(t.url, path, { token: t.adminToken });

/** Every read of a user that the overview shows answers 200 and parses with its contract. */
async function expectReadable(userId: string, provider: string) {
  const drill = await read(`/api/billing/usage/${userId}/providers/${provider}`);
  expect(drill.status, JSON.stringify(drill.body)).toBe(200);
  providerDetailsSchema.parse(drill.body);
  const usage = await read(`/api/billing/usage/${userId}`);
  expect(usage.status).toBe(200);
  const stats = usageStatsSchema.parse(usage.body);
  const dashboard = await read(`/api/billing/dashboard/${userId}`);
  expect(dashboard.status, JSON.stringify(dashboard.body).slice(0, 500)).toBe(200);
  dashboardDataSchema.parse(dashboard.body);
  const alerts = await read(`/api/billing/alerts/${userId}`);
  expect(alerts.status).toBe(200);
  alertsResponseSchema.parse(alerts.body);
  return stats;
}

const at = NOW.toISOString();

describe('counts are bounded per event', () => {
  it('refuses images: 10,000,000,000 per event, so the drill-down and verify keep working', async () => {
    const events = Array.from({ length: 24 }, (_, i) => ({
      event_id: `huge-images-${i}`,
      user_id: 'u-huge-images',
      provider: 'stability',
      images: 10_000_000_000,
      occurred_at: at,
    }));
    const body = await reportParsed(events);
    expect(body.accepted).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual(events.map((_, i) => i));
    expect(body.rejected[0]?.error.message).toMatch(/images must be at most 1,000,000/);
    // The largest count allowed is stored and read back exactly.
    const allowed = await reportParsed(
      events.map((e) => ({ ...e, event_id: `max-${e.event_id}`, images: 1_000_000 })),
    );
    expect(allowed.accepted).toBe(24);
    const stats = await expectReadable('u-huge-images', 'stability');
    expect(stats.total_calls).toBe(24);
    const check = await checkRollups({ db: t.server.ctx.db });
    expect(check.differences).toEqual([]);
    expect(check.badRows).toEqual([]);
  });

  it('refuses a token count above 1,000,000,000 with the field and the bound named', async () => {
    const body = await reportParsed([
      { event_id: 'tok-1', user_id: 'u-tokens', provider: 'openai', model: 'gpt-4o', input_tokens: 1e9 + 1 },
      { event_id: 'tok-2', user_id: 'u-tokens', provider: 'openai', model: 'gpt-4o', input_tokens: 1e9 },
    ]);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.index).toBe(0);
    expect(body.rejected[0]?.error.message).toMatch(/input_tokens must be at most 1,000,000,000/);
  });
});

describe('operator prices are bounded and costs stay exact integers', () => {
  it('refuses a price of $1000 per token with the bound named', async () => {
    const res = await call(t.url, '/api/billing/pricing', {
      token: t.adminToken,
      body: { provider: 'openai', model_name: 'gold-model', cost_per_output_token: 1000 },
    });
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.code).toBe('validation_error');
    expect(error.message).toMatch(/cost_per_output_token.*at most \$0\.01 per token/);
  });

  it('stores the cost of the dearest call the bounds allow as an integer number of nano-dollars', async () => {
    const res = await call(t.url, '/api/billing/pricing', {
      token: t.adminToken,
      body: {
        provider: 'openai',
        model_name: 'dear-model',
        cost_per_input_token: 0.01,
        cost_per_output_token: 0.01,
        cost_per_request: 100,
        effective_from: '2026-01-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(201);
    createPricingResponseSchema.parse(res.body);
    // 1e9 tokens at $0.01 = $10,000,000: past the ceiling of one user's month, so refused with the reason.
    const tooDear = await reportParsed([
      {
        event_id: 'dear-1',
        user_id: 'u-dear',
        provider: 'openai',
        model: 'dear-model',
        output_tokens: 1e9,
        occurred_at: at,
      },
    ]);
    expect(tooDear.accepted).toBe(0);
    expect(tooDear.rejected[0]?.error.message).toMatch(/ceiling/);
    // 1e7 tokens at $0.01 + $100 = $100,100: stored exactly.
    const ok = await reportParsed([
      {
        event_id: 'dear-2',
        user_id: 'u-dear',
        provider: 'openai',
        model: 'dear-model',
        output_tokens: 1e7,
        occurred_at: at,
      },
    ]);
    expect(ok.accepted).toBe(1);
    const stored = await t.server.ctx.db
      .selectFrom('usage_events')
      .select(['cost_nano'])
      .where('event_id', '=', 'dear-2')
      .executeTakeFirstOrThrow();
    expect(Number(stored.cost_nano)).toBe(100_100 * 1e9);
    if (t.server.ctx.dialect !== 'sqlite') return;
    const { rows } = await sql<{ type: string }>`select typeof(cost_nano) as type from usage_events
      where event_id = 'dear-2'`.execute(t.server.ctx.db);
    expect(rows[0]?.type).toBe('integer');
  });
});

describe("a user's month stays under the ceiling", () => {
  it('refuses, per event and with its index, the calls that would take a total past the ceiling', async () => {
    // 1,000,000 images at $0.04 are $40,000; 25 of them reach $1,000,000 exactly, the 26th would pass it.
    const priced = await call(t.url, '/api/billing/pricing', {
      token: t.adminToken,
      body: {
        provider: 'stability',
        model_name: 'ceiling-model',
        cost_per_image: 0.04,
        effective_from: '2026-01-01T00:00:00Z',
      },
    });
    expect(priced.status).toBe(201);
    const events = Array.from({ length: 27 }, (_, i) => ({
      event_id: `ceiling-${i}`,
      user_id: 'u-ceiling',
      provider: 'stability',
      model: 'ceiling-model',
      images: 1_000_000,
      occurred_at: at,
    }));
    const first = await reportParsed(events.slice(0, 20));
    expect(first.accepted).toBe(20);
    const second = await reportParsed(events.slice(20));
    expect(second.accepted).toBe(5);
    expect(second.rejected.map((r) => r.index)).toEqual([5, 6]);
    expect(second.rejected[0]?.error.message).toMatch(/cost_nano|cost/);
    expect(second.rejected[0]?.error.message).toMatch(/1,000,000/);
    const stats = await expectReadable('u-ceiling', 'stability');
    expect(stats.total_cost).toBe(PERIOD_TOTAL_CEILING / 1e9);
    // Sending the refused events again is refused again; sending the stored ones again counts nothing.
    const again = await reportParsed(events);
    expect(again.accepted).toBe(0);
    expect(again.duplicates + again.rejected.length).toBe(27);
    expect(again.rejected.map((r) => r.index)).toEqual([25, 26]);
    const check = await checkRollups({ db: t.server.ctx.db });
    expect(check.differences).toEqual([]);
  });
});

describe('occurred_at lies in the window', () => {
  it('refuses 9999-12-31T23:59:59-14:00 (year 10000 in UTC) per event, and the reads keep their contract', async () => {
    const body = await reportParsed([
      {
        event_id: 'far-future',
        user_id: 'u-future',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        input_tokens: 10,
        occurred_at: '9999-12-31T23:59:59-14:00',
      },
      {
        event_id: 'now-ish',
        user_id: 'u-future',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        input_tokens: 10,
        occurred_at: at,
      },
    ]);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.index).toBe(0);
    expect(body.rejected[0]?.error.message).toMatch(/occurred_at.*more than 24 hours ahead/);
    await expectReadable('u-future', 'gemini');
    const periods = await t.server.ctx.db
      .selectFrom('usage_events')
      .select('billing_period')
      .where('user_id', '=', 'u-future')
      .execute();
    expect(periods.map((p) => p.billing_period)).toEqual(['2026-11']);
  });

  it('refuses 0000-01-01T00:00:00Z and anything before 2000', async () => {
    const body = await reportParsed(
      ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z'].map((time, i) => ({
        event_id: `past-${i}`,
        user_id: 'u-past',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        occurred_at: time,
      })),
    );
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(body.rejected[0]?.error.message).toMatch(/occurred_at must not be before 2000-01-01T00:00:00Z/);
    const periods = await t.server.ctx.db
      .selectFrom('usage_events')
      .select('billing_period')
      .where('user_id', '=', 'u-past')
      .execute();
    expect(periods.map((p) => p.billing_period)).toEqual(['2000-01']);
    await expectReadable('u-past', 'gemini');
  });

  it('refuses to read a period before 2000, which no call can be in, for a user far west of UTC too', async () => {
    await reportParsed([
      { event_id: 'west-1', user_id: 'u-west', provider: 'gemini', model: 'gemini-2.5-flash' },
    ]);
    const moved = await call(t.url, '/api/billing/users/u-west', {
      method: 'PUT',
      token: t.adminToken,
      body: { timezone: 'Pacific/Pago_Pago' },
    });
    expect(moved.status).toBe(200);
    for (const period of ['0000-01', '1999-12']) {
      for (const path of ['dashboard/u-west', 'usage/u-west', 'usage/u-west/events']) {
        const res = await call(t.url, `/api/billing/${path}?period=${period}`, { token: t.adminToken });
        expect(res.status, `${path} ${period}`).toBe(400);
        expect(errorBodySchema.parse(res.body).error.message).toMatch(/period must be 2000-01 or later/);
      }
    }
    const first = await call(t.url, '/api/billing/dashboard/u-west?period=2000-01', { token: t.adminToken });
    expect(first.status).toBe(200);
  });

  it('accepts a call up to 24 hours ahead of the server clock and refuses one a second later', async () => {
    const ahead = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
    const body = await reportParsed(
      [ahead(24 * 3600_000), ahead(24 * 3600_000 + 1000)].map((time, i) => ({
        event_id: `ahead-${i}`,
        user_id: 'u-ahead',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        occurred_at: time,
      })),
    );
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.index)).toEqual([1]);
  });
});

/** Rows as a server older than the bounds could store them: costs of 4e18 each, whose sum passes int64. */
async function insertLegacyRows(db: Kysely<Database>) {
  const row = {
    user_id: 'u-legacy',
    provider: 'stability',
    model: 'stable-diffusion-xl',
    endpoint: null,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    searches: 0,
    pages: 0,
    images: 10_000_000_000,
    response_time_ms: null,
    status_code: 200,
    error: null,
    occurred_at: NOW.getTime(),
    received_at: NOW.getTime(),
    billing_period: '2026-11',
    cost_nano: 4_000_000_000_000_000_000,
    price_id: null,
  };
  await db
    .insertInto('usage_events')
    .values(['legacy-1', 'legacy-2', 'legacy-3'].map((event_id) => ({ ...row, event_id })))
    .execute();
}

describe('user ids are path segments', () => {
  it('refuses the user ids "." and "..", which no URL could read back, per event', async () => {
    const body = await reportParsed(
      ['.', '..', '..a'].map((user_id, i) => ({ event_id: `dots-${i}`, user_id, provider: 'serper' })),
    );
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(body.rejected[1]?.error.message).toMatch(/user id must not be "\." or "\.\."/);
  });
});

describe('verify', () => {
  it('reports rows outside the bounds instead of stopping on them', async () => {
    const db = t.server.ctx.db;
    await insertLegacyRows(db);
    const check = await checkRollups({ db });
    const legacy = check.badRows.filter((r) => r.user_id === 'u-legacy');
    expect(legacy.map((r) => r.event_id).sort()).toEqual(['legacy-1', 'legacy-2', 'legacy-3']);
    expect(legacy[0]?.problem).toMatch(/images 10000000000 is outside 0–1,000,000/);
    expect(legacy[0]?.problem).toMatch(/cost_nano/);
    await sql`delete from usage_events where user_id = 'u-legacy'`.execute(db);
  });

  it('npm run verify names each such row and exits 1, without an overflow error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spendscope-verify-'));
    const target = await freshDatabaseTarget(join(dir, 'verify.db'));
    try {
      await prepareDatabase(target);
      const handle = openDatabase(target);
      try {
        await insertLegacyRows(handle.db);
      } finally {
        await handle.close();
      }
      const verify = await runVerify(target);
      expect(verify.output).not.toMatch(/overflow|out of range/);
      expect(verify.output).toMatch(/OUT OF BOUNDS u-legacy 2026-11 usage_events legacy-1: .*images/);
      expect(verify.output).toMatch(/3 rows out of bounds/);
      expect(verify.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
