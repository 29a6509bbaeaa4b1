import { lightweightStatsSchema, type SystemHealth, systemHealthSchema } from '@spendscope/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Records requests straight into the server's metrics, as if they had been served. */
function served(server: TestServer, count: number, statusCode: number, durationMs = 5) {
  for (let i = 0; i < count; i++) {
    server.server.ctx.metrics.recordRequest({
      method: 'GET',
      route: '/api/injected',
      statusCode,
      durationMs,
      atMs: Date.now(),
    });
  }
}

async function health(server: TestServer): Promise<SystemHealth> {
  const res = await call(server.url, '/api/monitoring/health', { token: await server.tokenFor('watcher') });
  expect(res.status).toBe(200);
  return systemHealthSchema.parse(res.body);
}

describe('system health', () => {
  it('is healthy at 5 % server errors, warning above 5 %, critical above 10 %', async () => {
    t = await startTestServer();
    served(t, 95, 200);
    served(t, 5, 500);
    // The first health read sees exactly the 100 requests above: 5 % is not above 5 %.
    let now = await health(t);
    expect(now).toMatchObject({ status: 'healthy', recent_requests: 100, recent_errors: 5, error_rate: 5 });

    // 12 of 108 (the 100, one health read, 7 more): 11.1 %.
    served(t, 7, 503);
    now = await health(t);
    expect(now.recent_requests).toBe(108);
    expect(now.error_rate).toBeCloseTo((12 / 108) * 100, 2);
    expect(now).toMatchObject({ status: 'critical', icon: '🔴' });

    // 12 of 210 (102 more successes, the second health read among them): 5.7 %.
    served(t, 101, 200);
    now = await health(t);
    expect(now.recent_requests).toBe(210);
    expect(now).toMatchObject({ status: 'warning', icon: '🟡' });
  });

  it('counts client errors (4xx) as requests, not as server errors', async () => {
    t = await startTestServer();
    served(t, 50, 404);
    served(t, 50, 403);
    expect(await health(t)).toMatchObject({ status: 'healthy', recent_errors: 0, error_rate: 0 });
  });

  it('turns critical when request p95 is above HEALTH_P95_BOUND_MS', async () => {
    t = await startTestServer({ env: { HEALTH_P95_BOUND_MS: '200' } });
    served(t, 90, 200, 10);
    served(t, 10, 200, 900);
    const now = await health(t);
    expect(now.error_rate).toBe(0);
    expect(now.p95_response_time_ms).toBeGreaterThan(200);
    expect(now.status).toBe('critical');
  });

  it('gives the same headline in lightweight stats', async () => {
    t = await startTestServer();
    served(t, 8, 200, 20);
    served(t, 2, 500, 20);
    const res = await call(t.url, '/api/monitoring/lightweight-stats', {
      token: await t.tokenFor('watcher'),
    });
    const light = lightweightStatsSchema.parse(res.body);
    expect(light).toMatchObject({
      status: 'critical',
      recent_requests: 10,
      recent_errors: 2,
      error_rate: 20,
    });
    expect(light.avg_response_time_ms).toBe(20);
  });

  it("shows each provider's reported calls, error rate and latency, with its own status", async () => {
    t = await startTestServer();
    const events = [
      ...Array.from({ length: 20 }, (_, i) => ({
        event_id: `p-openai-${i}`,
        user_id: 'health-user',
        provider: 'openai',
        model: 'gpt-4o-mini',
        response_time_ms: 100 * (i + 1),
        ...(i < 3 ? { status_code: 503, error: 'overloaded' } : {}),
      })),
      ...Array.from({ length: 30 }, (_, i) => ({
        event_id: `p-tavily-${i}`,
        user_id: 'health-user',
        provider: 'tavily',
        response_time_ms: 400,
        ...(i < 2 ? { status_code: 429 } : {}),
      })),
      ...Array.from({ length: 20 }, (_, i) => ({
        event_id: `p-gemini-${i}`,
        user_id: 'health-user',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        response_time_ms: 300,
        ...(i < 1 ? { status_code: 500 } : {}),
      })),
    ];
    const report = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
    expect(report.status).toBe(200);
    // A resend of the same batch is a duplicate and does not count twice.
    await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });

    const now = await health(t);
    const byProvider = Object.fromEntries(now.providers.map((p) => [p.provider, p]));
    expect(byProvider.openai).toMatchObject({ calls: 20, errors: 3, error_rate: 15, status: 'critical' });
    expect(byProvider.tavily).toMatchObject({ calls: 30, errors: 2, status: 'warning' });
    expect(byProvider.gemini).toMatchObject({ calls: 20, errors: 1, error_rate: 5, status: 'healthy' });
    expect(byProvider.openai!.p50_ms).toBeCloseTo(1000, -1);
    expect(byProvider.openai!.p95_ms).toBeCloseTo(1900, -2);
    expect(byProvider.tavily!.p95_ms).toBeCloseTo(400, -1);
    expect(byProvider.anthropic).toBeUndefined();
  });
});
