import {
  alertsResponseSchema,
  cacheStatsSchema,
  dashboardDataSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
let n = 0;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function report(userId: string) {
  n += 1;
  const event = { event_id: `cache-${n}`, user_id: userId, provider: 'serper', response_time_ms: 90 };
  const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [event] } });
  expect(res.status).toBe(200);
}

async function cacheStats() {
  const res = await call(t.url, '/api/monitoring/cache-stats', { token: t.adminToken });
  expect(res.status).toBe(200);
  return cacheStatsSchema.parse(res.body);
}

async function usage(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: await t.tokenFor(userId) });
  expect(res.status).toBe(200);
  return usageStatsSchema.parse(res.body);
}

describe('the read cache', () => {
  it('counts a miss, then a hit, and a report invalidates so the next read is fresh', async () => {
    await report('cache-user');
    const start = await cacheStats();

    expect((await usage('cache-user')).total_calls).toBe(1);
    let stats = await cacheStats();
    expect(stats.misses - start.misses).toBe(1);
    expect(stats.hits - start.hits).toBe(0);

    expect((await usage('cache-user')).total_calls).toBe(1);
    stats = await cacheStats();
    expect(stats.hits - start.hits).toBe(1);
    expect(stats.size).toBeGreaterThanOrEqual(1);

    await report('cache-user');
    stats = await cacheStats();
    expect(stats.invalidations - start.invalidations).toBe(1);

    expect((await usage('cache-user')).total_calls).toBe(2);
    const after = await cacheStats();
    expect(after.misses - start.misses).toBe(2);
    expect(after.total_requests).toBe(after.hits + after.misses);
    expect(after.hit_rate).toBeCloseTo((after.hits / after.total_requests) * 100, 2);
    expect(after.max_size).toBeGreaterThan(0);
  });

  it('serves the dashboard through the cache and never returns it stale after a report', async () => {
    await report('cache-dash');
    const token = await t.tokenFor('cache-dash');
    const read = async () => {
      const res = await call(t.url, '/api/billing/dashboard/cache-dash', { token });
      expect(res.status).toBe(200);
      return dashboardDataSchema.parse(res.body);
    };
    const start = await cacheStats();
    expect((await read()).current_usage.total_calls).toBe(1);
    expect((await read()).current_usage.total_calls).toBe(1);
    expect((await cacheStats()).hits - start.hits).toBe(1);
    for (let i = 0; i < 5; i++) {
      await report('cache-dash');
      expect((await read()).current_usage.total_calls).toBe(2 + i);
    }
  });

  it("keeps one user's entries when another user reports", async () => {
    await report('cache-a');
    await report('cache-b');
    await usage('cache-a');
    const start = await cacheStats();
    await report('cache-b');
    await usage('cache-a');
    const stats = await cacheStats();
    expect(stats.hits - start.hits).toBe(1);
    expect(stats.invalidations - start.invalidations).toBe(0);
  });

  it('shows an alert as read right after it is marked read', async () => {
    const token = await t.tokenFor('cache-alerts');
    // Free plan: 20 Serper calls a month, so 16 calls raise the 80 % alert.
    for (let i = 0; i < 16; i++) await report('cache-alerts');
    const before = await usage('cache-alerts');
    const alert = before.alerts.find((a) => a.metric === 'serper_calls');
    expect(alert?.is_read).toBe(false);
    const dashboard = await call(t.url, '/api/billing/dashboard/cache-alerts', { token });
    const unreadBefore = dashboardDataSchema.parse(dashboard.body).summary.unread_alerts;

    const read = await call(t.url, `/api/billing/alerts/${alert!.id}/read`, { method: 'POST', token });
    expect(read.status).toBe(200);

    const after = await usage('cache-alerts');
    expect(after.alerts.find((a) => a.id === alert!.id)?.is_read).toBe(true);
    const dashboardAfter = await call(t.url, '/api/billing/dashboard/cache-alerts', { token });
    expect(dashboardDataSchema.parse(dashboardAfter.body).summary.unread_alerts).toBe(unreadBefore - 1);
    const inbox = await call(t.url, '/api/billing/alerts/cache-alerts?unread_only=true', { token });
    expect(alertsResponseSchema.parse(inbox.body).alerts.some((a) => a.id === alert!.id)).toBe(false);
  });
});
