import {
  dashboardDataSchema,
  errorBodySchema,
  PROVIDERS,
  providerDetailsSchema,
  usageStatsSchema,
  usageTrendsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { getDashboard } from '../src/domain/dashboard.ts';
import { fixedClock, geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
let token: string;

const tavily = (id: string, at: string) => ({
  event_id: id,
  user_id: 'dash',
  provider: 'tavily',
  occurred_at: at,
});

beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  // New York: the month turns at 04:00 or 05:00 UTC.
  await upsertUser(
    t.server.ctx.db,
    { id: 'dash', display_name: 'Dash', timezone: 'America/New_York', role: 'user' },
    'basic',
    Date.now(),
  );
  await reportAll(t, [
    ...Array.from({ length: 12 }, () => geminiCall('dash', new Date('2026-11-05T15:00:00Z'))),
    ...Array.from({ length: 8 }, () => geminiCall('dash', new Date('2026-11-19T15:00:00Z'))),
    ...Array.from({ length: 5 }, () => geminiCall('dash', new Date('2026-09-10T15:00:00Z'))),
    // 23:30 on 31 October in New York, already November in UTC: it belongs to October.
    geminiCall('dash', new Date('2026-11-01T03:30:00Z')),
    tavily('dash-t1', '2026-11-10T12:00:00Z'),
    tavily('dash-t2', '2026-06-10T12:00:00Z'),
    // Seven months back: outside the dashboard's six.
    geminiCall('dash', new Date('2026-04-10T12:00:00Z')),
  ]);
  token = await t.tokenFor('dash');
});
afterAll(() => t.close());

async function get(path: string, as = token) {
  const res = await call(t.url, path, { token: as });
  expect(res.status, path).toBe(200);
  return res.body;
}

describe('GET /api/billing/dashboard/:userId', () => {
  it('brings usage, six months of trends, limits, projection and summary together', async () => {
    const dashboard = dashboardDataSchema.parse(await get('/api/billing/dashboard/dash'));
    expect(dashboard.current_usage.billing_period).toBe('2026-11');
    expect(dashboard.current_usage.total_calls).toBe(21);
    expect(dashboard.limits).toEqual(dashboard.current_usage.limits);
    expect(dashboard.limits.limits.gemini_calls).toBe(1000);
    expect(dashboard.trends.periods).toEqual([
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(dashboard.trends.total_calls).toEqual([1, 0, 0, 5, 1, 21]);
    expect(dashboard.summary).toEqual({
      total_api_calls_this_month: 21,
      total_cost_this_month: dashboard.current_usage.total_cost,
      usage_status: 'active',
      unread_alerts: 0,
    });
    const p = dashboard.projections;
    expect(p.billing_period).toBe('2026-11');
    expect(p.days_in_period).toBe(30);
    expect(p.cost_limit).toBe(50);
    expect(p.cost_so_far).toBe(dashboard.current_usage.total_cost);
    expect(p.elapsed_fraction).toBeGreaterThan(19 / 30);
    expect(p.elapsed_fraction).toBeLessThan(20 / 30);
    // Three busy days in the 20 since the first report (31 October): from history, with a range.
    expect(p.forecast_basis).toBe('history');
    expect(p.forecast_history_days).toBe(20);
    expect(p.projected_monthly_cost).toBeGreaterThanOrEqual(p.cost_so_far);
    expect(p.projected_monthly_cost_low).toBeLessThanOrEqual(p.projected_monthly_cost);
    expect(p.projected_monthly_cost_high).toBeGreaterThanOrEqual(p.projected_monthly_cost);
    expect(p.projected_limit_date).toBeUndefined();
  });

  it('shows the newest unread alerts and counts them', async () => {
    await upsertUser(
      t.server.ctx.db,
      { id: 'alerted', display_name: 'Alerted', timezone: 'UTC', role: 'user' },
      'free',
      Date.now(),
    );
    await reportAll(
      t,
      Array.from({ length: 95 }, () => geminiCall('alerted')),
    );
    const dashboard = dashboardDataSchema.parse(
      await get('/api/billing/dashboard/alerted', await t.tokenFor('alerted')),
    );
    expect(dashboard.alerts.map((a) => a.threshold_percentage)).toEqual([90, 80]);
    expect(dashboard.summary.unread_alerts).toBe(2);
    expect(dashboard.summary.usage_status).toBe('warning');
  });

  it('is served from the rollups, not from the raw events', async () => {
    // The domain function itself, so no read cache in front of it can hide a read of raw events.
    const db = t.server.ctx.db;
    const read = () => getDashboard({ db, userId: 'dash', now: NOW });
    const before = dashboardDataSchema.parse(await read());
    expect(before.current_usage.total_calls).toBeGreaterThan(0);
    const copy = await db.selectFrom('usage_events').selectAll().where('user_id', '=', 'dash').execute();
    await db.deleteFrom('usage_events').where('user_id', '=', 'dash').execute();
    try {
      expect(dashboardDataSchema.parse(await read())).toEqual(before);
    } finally {
      await db.insertInto('usage_events').values(copy).execute();
    }
  });

  it("refuses another user's dashboard and answers 404 for an unknown user", async () => {
    const other = await call(t.url, '/api/billing/dashboard/dash', { token: await t.tokenFor('someone') });
    expect(other.status).toBe(403);
    errorBodySchema.parse(other.body);
    const unknown = await call(t.url, '/api/billing/dashboard/nobody', { token: t.adminToken });
    expect(unknown.status).toBe(404);
    errorBodySchema.parse(unknown.body);
  });
});

describe('GET /api/billing/usage/:userId/trends', () => {
  it('gives the last N months in the user timezone, oldest first, zero-filled for all nine providers', async () => {
    const trends = usageTrendsSchema.parse(await get('/api/billing/usage/dash/trends?months=12'));
    expect(trends.periods).toHaveLength(12);
    expect(trends.periods[0]).toBe('2025-12');
    expect(trends.periods.at(-1)).toBe('2026-11');
    expect(Object.keys(trends.provider_trends)).toEqual([...PROVIDERS]);
    const at = (period: string) => trends.periods.indexOf(period);
    expect(trends.total_calls[at('2026-04')]).toBe(1);
    expect(trends.total_calls[at('2026-10')]).toBe(1);
    expect(trends.provider_trends.tavily.calls[at('2026-06')]).toBe(1);
    expect(trends.provider_trends.gemini.tokens[at('2026-11')]).toBe(20 * 15);
    expect(trends.total_calls[at('2026-01')]).toBe(0);
  });

  it('defaults to six months and matches the usage of each month', async () => {
    const trends = usageTrendsSchema.parse(await get('/api/billing/usage/dash/trends'));
    expect(trends.periods).toHaveLength(6);
    const september = usageStatsSchema.parse(await get('/api/billing/usage/dash?period=2026-09'));
    const i = trends.periods.indexOf('2026-09');
    expect(trends.total_calls[i]).toBe(september.total_calls);
    expect(trends.total_cost[i]).toBe(september.total_cost);
    expect(trends.total_tokens[i]).toBe(september.total_tokens);
  });

  it('accepts 1 to 24 months and refuses anything else', async () => {
    expect(usageTrendsSchema.parse(await get('/api/billing/usage/dash/trends?months=1')).periods).toEqual([
      '2026-11',
    ]);
    expect(
      usageTrendsSchema.parse(await get('/api/billing/usage/dash/trends?months=24')).periods,
    ).toHaveLength(24);
    for (const months of ['0', '25', 'six', '-1']) {
      const res = await call(t.url, `/api/billing/usage/dash/trends?months=${months}`, { token });
      expect(res.status, months).toBe(400);
      expect(errorBodySchema.parse(res.body).error.message).toMatch(/months/);
    }
  });
});

describe('GET /api/billing/usage/:userId/providers/:provider', () => {
  it('breaks a provider down by model and by day up to today', async () => {
    const details = providerDetailsSchema.parse(await get('/api/billing/usage/dash/providers/gemini'));
    expect(details).toMatchObject({ provider: 'gemini', billing_period: '2026-11', calls: 20, tokens: 300 });
    expect(details.models).toHaveLength(1);
    const [model] = details.models;
    expect(model).toMatchObject({
      model: 'gemini-2.5-flash',
      calls: 20,
      input_tokens: 200,
      output_tokens: 100,
    });
    expect(model?.cost_per_1k_tokens).toBeCloseTo((model!.cost / 300) * 1000, 12);
    expect(model?.avg_response_time).toBe(120);
    // Noon UTC on the 20th is 07:00 on the 20th in New York.
    expect(details.daily).toHaveLength(20);
    expect(details.daily.find((d) => d.date === '2026-11-05')?.calls).toBe(12);
    expect(details.daily.find((d) => d.date === '2026-11-19')?.calls).toBe(8);
    expect(details.daily.filter((d) => d.calls > 0)).toHaveLength(2);
  });

  it('shows a past period in full and a per-request provider by cost per call', async () => {
    const details = providerDetailsSchema.parse(
      await get('/api/billing/usage/dash/providers/tavily?period=2026-06'),
    );
    expect(details.daily).toHaveLength(30);
    expect(details.models[0]).toMatchObject({ model: 'tavily-default', calls: 1, cost_per_request: 0.001 });
    expect(details.models[0]?.cost_per_1k_tokens).toBeUndefined();
  });

  it('refuses a provider Spendscope does not meter', async () => {
    const res = await call(t.url, '/api/billing/usage/dash/providers/cohere', { token });
    expect(res.status).toBe(400);
    errorBodySchema.parse(res.body);
  });
});
