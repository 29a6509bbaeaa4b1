import {
  apiPath,
  dashboardDataSchema,
  errorBodySchema,
  type UsageCheckRequest,
  usageCheckResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { fixedClock, geminiCall, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
});
afterAll(() => t.close());

async function check(body: UsageCheckRequest, token = t.apiKey) {
  const res = await call(t.url, '/api/usage/check', { method: 'POST', token, body });
  expect(res.status).toBe(200);
  return usageCheckResponseSchema.parse(res.body);
}

describe('POST /api/usage/check', () => {
  it('allows a call under the limits and tells what remains', async () => {
    await reportAll(
      t,
      Array.from({ length: 30 }, () => geminiCall('checked')),
    );
    const answer = await check({ user_id: 'checked', provider: 'gemini', model: 'gemini-2.5-flash' });
    expect(answer.allowed).toBe(true);
    expect(answer.reason).toBeUndefined();
    expect(answer.remaining.calls).toBe(70);
    expect(answer.remaining.tokens).toBe(100_000 - 30 * 15);
  });

  it('refuses once the call cap is reached, with the reason', async () => {
    await reportAll(
      t,
      Array.from({ length: 99 }, () => geminiCall('capped')),
    );
    expect((await check({ user_id: 'capped', provider: 'gemini' })).allowed).toBe(true);
    await reportAll(t, [geminiCall('capped')]);
    const answer = await check({ user_id: 'capped', provider: 'gemini' });
    expect(answer).toMatchObject({ allowed: false, reason_code: 'call_limit_reached' });
    expect(answer.reason).toContain('100 of 100 Gemini calls are used in November 2026');
    expect(answer.remaining.calls).toBe(0);
  });

  it('judges a user on the plan they are on now, right after a plan change', async () => {
    await reportAll(
      t,
      Array.from({ length: 100 }, () => geminiCall('upgraded')),
    );
    expect((await check({ user_id: 'upgraded', provider: 'gemini' })).allowed).toBe(false);
    for (const plan_id of ['pro', 'free', 'pro']) {
      const res = await call(t.url, apiPath.user('upgraded'), {
        method: 'PUT',
        token: t.adminToken,
        body: { plan_id },
      });
      expect(res.status).toBe(200);
    }
    const answer = await check({ user_id: 'upgraded', provider: 'gemini' });
    expect(answer.allowed).toBe(true);
    expect(answer.remaining.calls).toBe(5000 - 100);
    const dashboard = dashboardDataSchema.parse(
      (await call(t.url, apiPath.dashboard('upgraded'), { token: t.adminToken })).body,
    );
    expect(dashboard.current_usage.plan.id).toBe('pro');
    expect(dashboard.limits.limits.gemini_calls).toBe(5000);
  });

  it('still records calls reported past the cap', async () => {
    await reportAll(t, [geminiCall('capped'), geminiCall('capped')]);
    const res = await call(t.url, '/api/billing/usage/capped', { token: t.adminToken });
    const usage = usageStatsSchema.parse(res.body);
    expect(usage.total_calls).toBe(102);
    expect(usage.usage_status).toBe('limit_reached');
  });

  it('refuses a provider the plan does not include, saying so', async () => {
    const answer = await check({ user_id: 'checked', provider: 'openai', model: 'gpt-4o', input_tokens: 10 });
    expect(answer).toMatchObject({ allowed: false, reason_code: 'provider_not_included' });
    expect(answer.reason).toMatch(/Free plan does not include OpenAI/);
  });

  it('allows anything on unlimited limits', async () => {
    await upsertUser(
      t.server.ctx.db,
      { id: 'big-spender', display_name: 'Big', timezone: 'UTC', role: 'user' },
      'enterprise',
      Date.now(),
    );
    await reportAll(
      t,
      Array.from({ length: 300 }, () => geminiCall('big-spender')),
    );
    const answer = await check({ user_id: 'big-spender', provider: 'openai', input_tokens: 5_000_000 });
    expect(answer.allowed).toBe(true);
    expect(answer.remaining.calls).toBe(-1);
    expect(answer.remaining.tokens).toBe(-1);
  });

  it('estimates the cost of the call with the price a report of it would get', async () => {
    const request = {
      user_id: 'big-spender',
      provider: 'openai',
      model: 'gpt-4o',
      input_tokens: 1000,
      output_tokens: 500,
    } as const;
    const answer = await check(request);
    await reportAll(t, [{ ...request, event_id: 'estimated-1' }]);
    const usage = usageStatsSchema.parse(
      (await call(t.url, '/api/billing/usage/big-spender', { token: t.adminToken })).body,
    );
    expect(answer.estimated_cost).toBeGreaterThan(0);
    expect(answer.estimated_cost).toBe(usage.provider_breakdown.openai.cost);
  });

  it('judges a user never seen on the default plan without creating them', async () => {
    const answer = await check({ user_id: 'first-timer', provider: 'tavily' });
    expect(answer).toMatchObject({ allowed: true, estimated_cost: 0.001, remaining: { calls: 20, cost: 2 } });
    const res = await call(t.url, '/api/billing/usage/first-timer', { token: t.adminToken });
    expect(res.status).toBe(404);
  });

  it('takes an ingestion key, not a user token', async () => {
    const res = await call(t.url, '/api/usage/check', {
      method: 'POST',
      token: await t.tokenFor('checked'),
      body: { user_id: 'checked', provider: 'gemini' },
    });
    expect(res.status).toBe(401);
    errorBodySchema.parse(res.body);
  });

  it('rejects an unknown provider with 400', async () => {
    const res = await call(t.url, '/api/usage/check', {
      method: 'POST',
      token: t.apiKey,
      body: { user_id: 'checked', provider: 'cohere' },
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.body).error.message).toMatch(/provider/);
  });
});
