import {
  errorBodySchema,
  plansResponseSchema,
  pricingResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await call(t.url, '/api/usage/events', {
    method: 'POST',
    token: t.apiKey,
    body: {
      events: [
        {
          event_id: 'r-1',
          user_id: 'reader',
          provider: 'gemini',
          model: 'gemini-2.5-flash',
          input_tokens: 100,
          output_tokens: 50,
          response_time_ms: 200,
        },
        {
          event_id: 'r-2',
          user_id: 'reader',
          provider: 'tavily',
          status_code: 500,
          error: 'boom',
          response_time_ms: 400,
        },
        { event_id: 'r-3', user_id: 'other', provider: 'serper' },
      ],
    },
  });
});
afterAll(() => t.close());

describe('reading usage', () => {
  it('returns UsageStats of the current period with all nine providers', async () => {
    const res = await call(t.url, '/api/billing/usage/reader', { token: await t.tokenFor('reader') });
    expect(res.status).toBe(200);
    const stats = usageStatsSchema.parse(res.body);
    expect(Object.keys(stats.provider_breakdown)).toHaveLength(9);
    expect(stats.total_calls).toBe(2);
    expect(stats.total_tokens).toBe(150);
    expect(stats.error_rate).toBe(50);
    expect(stats.avg_response_time).toBe(300);
    // 100 × 3e-7 + 50 × 2.5e-6 + one Tavily basic search: 1 credit at $0.008 (from 2026-12-01)
    expect(stats.total_cost).toBeCloseTo(0.000155 + 0.008, 12);
    expect(stats.usage_percentages.gemini_calls).toBe(1);
  });

  it('forbids reading another user (403)', async () => {
    const res = await call(t.url, '/api/billing/usage/other', { token: await t.tokenFor('reader') });
    expect(res.status).toBe(403);
    expect(errorBodySchema.parse(res.body).error.code).toBe('forbidden');
  });

  it('asks for a token when there is none (401)', async () => {
    const res = await call(t.url, '/api/billing/usage/reader');
    expect(res.status).toBe(401);
    errorBodySchema.parse(res.body);
  });

  it('rejects a malformed period with 400', async () => {
    const res = await call(t.url, '/api/billing/usage/reader?period=2026-13', { token: t.adminToken });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.body).error.message).toMatch(/period/);
  });

  it('answers 404 for a user nothing was reported for', async () => {
    const res = await call(t.url, '/api/billing/usage/nobody', { token: t.adminToken });
    expect(res.status).toBe(404);
  });

  it('lists the four plans with their limits', async () => {
    const res = await call(t.url, '/api/billing/plans', { token: await t.tokenFor('reader') });
    const { plans } = plansResponseSchema.parse(res.body);
    expect(plans.map((p) => p.id)).toEqual(['free', 'basic', 'pro', 'enterprise']);
    expect(plans[0]?.limits.openai_calls).toBe(0);
    expect(plans[3]?.limits.gemini_calls).toBe(-1);
    expect(plans[3]?.limits.monthly_cost).toBe(500);
  });

  it('lists the prices in effect, filtered by provider', async () => {
    const res = await call(t.url, '/api/billing/pricing?provider=openai', {
      token: await t.tokenFor('reader'),
    });
    const { pricing } = pricingResponseSchema.parse(res.body);
    expect(pricing.every((p) => p.provider === 'openai')).toBe(true);
    expect(pricing.find((p) => p.model_name === 'gpt-4o')?.cost_per_cached_token).toBeCloseTo(1.25e-6, 15);
  });

  it('lets only an admin add a price version', async () => {
    const body = { provider: 'openai', model_name: 'gpt-x', cost_per_input_token: 1e-6 };
    const asUser = await call(t.url, '/api/billing/pricing', {
      method: 'POST',
      token: await t.tokenFor('reader'),
      body,
    });
    expect(asUser.status).toBe(403);
  });

  it('answers liveness with the database it uses', async () => {
    const res = await call(t.url, '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });
});
