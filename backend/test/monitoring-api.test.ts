import {
  apiStatsSchema,
  errorBodySchema,
  lightweightStatsSchema,
  systemHealthSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const events = ['mon-ann', 'mon-ben', 'mon-cid'].map((user_id, i) => ({
    event_id: `mon-${i}`,
    user_id,
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    input_tokens: 10,
  }));
  const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function apiStats(minutes?: number) {
  const res = await call(t.url, `/api/monitoring/api-stats${minutes ? `?minutes=${minutes}` : ''}`, {
    token: t.adminToken,
  });
  expect(res.status).toBe(200);
  return { stats: apiStatsSchema.parse(res.body), text: JSON.stringify(res.body) };
}

describe('api-stats', () => {
  it('gives p50, p95 and p99 of known durations recorded for an endpoint', async () => {
    const durations = [
      3, 7, 12, 18, 25, 40, 55, 80, 120, 150, 210, 260, 333, 400, 512, 640, 800, 900, 1200, 2500,
    ];
    for (const durationMs of durations) {
      t.server.ctx.metrics.recordRequest({
        method: 'GET',
        route: '/api/known/:id',
        statusCode: 200,
        durationMs,
        atMs: Date.now(),
      });
    }
    const { stats } = await apiStats(5);
    const known = stats.top_endpoints.find((e) => e.endpoint === '/api/known/:id');
    expect(known).toBeDefined();
    expect(known?.count).toBe(durations.length);
    for (const [p, actual] of [
      [50, known!.p50_ms],
      [95, known!.p95_ms],
      [99, known!.p99_ms],
    ] as const) {
      const expected = nearestRank(durations, p);
      // Two significant digits in the histogram: within 1 %.
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.01 + 0.1);
    }
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    // The average is exact, shown to 0.1 ms.
    expect(Math.abs(known!.avg_time - mean)).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it('measures real requests by route pattern, never by the raw path holding a user id', async () => {
    const users = ['mon-ann', 'mon-ben', 'mon-cid'];
    for (let i = 0; i < 12; i++) {
      const res = await call(t.url, `/api/billing/usage/${users[i % 3]}`, { token: t.adminToken });
      expect(res.status).toBe(200);
    }
    expect((await call(t.url, '/api/nowhere/mon-secret-user')).status).toBe(404);
    const { stats, text } = await apiStats();
    const usage = stats.top_endpoints.find(
      (e) => e.endpoint === '/api/billing/usage/:userId' && e.method === 'GET',
    );
    expect(usage?.count).toBe(12);
    expect(usage!.p50_ms).toBeGreaterThan(0);
    expect(usage!.p50_ms).toBeLessThanOrEqual(usage!.p95_ms);
    expect(usage!.p95_ms).toBeLessThanOrEqual(usage!.p99_ms);
    expect(stats.top_endpoints.some((e) => e.endpoint === '(unmatched)')).toBe(true);
    for (const id of [...users, 'mon-secret-user']) expect(text).not.toContain(id);
  });

  it('lists server errors with the route pattern, the status and the message', async () => {
    t.server.ctx.metrics.recordRequest({
      method: 'GET',
      route: '/api/billing/dashboard/:userId',
      statusCode: 503,
      durationMs: 4,
      atMs: Date.now(),
      errorMessage: 'unavailable: the database does not answer',
    });
    const { stats } = await apiStats();
    expect(stats.recent_errors[0]).toMatchObject({
      endpoint: '/api/billing/dashboard/:userId',
      method: 'GET',
      status_code: 503,
      error_message: 'unavailable: the database does not answer',
    });
    expect(stats.overview.recent_errors).toBeGreaterThanOrEqual(1);
    expect(stats.overview.total_requests).toBeGreaterThanOrEqual(stats.overview.recent_requests);
  });

  it('takes minutes from 1 to 1440 and refuses anything else with 400', async () => {
    expect((await apiStats(1)).stats.window_minutes).toBe(1);
    expect((await apiStats(1440)).stats.window_minutes).toBe(1440);
    expect((await apiStats()).stats.window_minutes).toBe(5);
    for (const bad of ['0', '1441', 'abc', '-5', '2.5']) {
      const res = await call(t.url, `/api/monitoring/api-stats?minutes=${bad}`, { token: t.adminToken });
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(res.body).error.code).toBe('validation_error');
    }
  });
});

describe('who may see monitoring', () => {
  it('shows health and lightweight stats to any signed-in user, and to nobody else', async () => {
    const token = await t.tokenFor('mon-ann');
    const health = await call(t.url, '/api/monitoring/health', { token });
    expect(health.status).toBe(200);
    systemHealthSchema.parse(health.body);
    const light = await call(t.url, '/api/monitoring/lightweight-stats', { token });
    expect(light.status).toBe(200);
    lightweightStatsSchema.parse(light.body);
    for (const path of ['/api/monitoring/health', '/api/monitoring/lightweight-stats']) {
      const res = await call(t.url, path);
      expect(res.status).toBe(401);
      errorBodySchema.parse(res.body);
    }
  });

  it('shows api-stats and cache-stats to admins only', async () => {
    const token = await t.tokenFor('mon-ann');
    for (const path of ['/api/monitoring/api-stats', '/api/monitoring/cache-stats']) {
      const asUser = await call(t.url, path, { token });
      expect(asUser.status).toBe(403);
      expect(errorBodySchema.parse(asUser.body).error.code).toBe('forbidden');
      expect((await call(t.url, path)).status).toBe(401);
      expect((await call(t.url, path, { token: t.adminToken })).status).toBe(200);
    }
  });
});
