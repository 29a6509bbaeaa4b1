import { errorBodySchema, usageBatchResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const report = (events: unknown[], key = t.apiKey) =>
  call(t.url, '/api/usage/events', { method: 'POST', token: key, body: { events } });

const gpt = (id: string, user: string) => ({
  event_id: id,
  user_id: user,
  provider: 'openai',
  model: 'gpt-4o',
  input_tokens: 1000,
  output_tokens: 500,
  occurred_at: new Date().toISOString(),
});

async function usageOf(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: t.adminToken });
  expect(res.status).toBe(200);
  return usageStatsSchema.parse(res.body);
}

describe('POST /api/usage/events', () => {
  it('counts each event once when a batch repeats an event id', async () => {
    const res = await report([gpt('dup-1', 'u-dup'), gpt('dup-1', 'u-dup'), gpt('dup-2', 'u-dup')]);
    expect(res.status).toBe(200);
    expect(usageBatchResponseSchema.parse(res.body)).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    const usage = await usageOf('u-dup');
    expect(usage.total_calls).toBe(2);
    expect(usage.provider_breakdown.openai.cost).toBeCloseTo(0.015, 12);
  });

  it('counts nothing twice when the same batch is sent again', async () => {
    const batch = [gpt('resend-1', 'u-resend'), gpt('resend-2', 'u-resend')];
    expect(usageBatchResponseSchema.parse((await report(batch)).body).accepted).toBe(2);
    const again = usageBatchResponseSchema.parse((await report(batch)).body);
    expect(again).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect((await usageOf('u-resend')).total_calls).toBe(2);
  });

  it('rejects only the bad event of a batch, with its index and what was wrong, and stores the rest', async () => {
    const bad = { ...gpt('bad-1', 'u-mixed'), input_tokens: -5 };
    const res = await report([gpt('ok-1', 'u-mixed'), bad, gpt('ok-2', 'u-mixed')]);
    const body = usageBatchResponseSchema.parse(res.body);
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.index).toBe(1);
    expect(body.rejected[0]?.error.message).toMatch(/input_tokens/);
    expect((await usageOf('u-mixed')).total_calls).toBe(2);
  });

  it('creates an unknown user on the free plan', async () => {
    await report([{ event_id: 'new-1', user_id: 'u-new', provider: 'gemini', model: 'gemini-2.5-flash' }]);
    const usage = await usageOf('u-new');
    expect(usage.plan.id).toBe('free');
    expect(usage.limits.limits.gemini_calls).toBe(100);
  });

  it('stores a call to a model without a price as unpriced, never as a silent $0', async () => {
    const res = await report([
      {
        event_id: 'unpriced-1',
        user_id: 'u-unpriced',
        provider: 'openai',
        model: 'gpt-9-preview',
        input_tokens: 10,
      },
    ]);
    expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(1);
    const usage = await usageOf('u-unpriced');
    expect(usage.unpriced_calls).toBe(1);
    expect(usage.total_cost).toBe(0);
    expect(usage.alerts.some((a) => a.type === 'unpriced_usage')).toBe(true);
  });

  it('refuses a wrong ingestion key with 401', async () => {
    const res = await report([gpt('k-1', 'u-key')], 'sk_not-a-real-key');
    expect(res.status).toBe(401);
    expect(errorBodySchema.parse(res.body).error.code).toBe('unauthorized');
  });

  it('refuses a user token where an ingestion key is needed', async () => {
    const res = await report([gpt('k-2', 'u-key')], await t.tokenFor('u-key'));
    expect(res.status).toBe(401);
  });

  it('answers a malformed batch with 400 naming the field', async () => {
    const res = await call(t.url, '/api/usage/events', {
      method: 'POST',
      token: t.apiKey,
      body: { event: [] },
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.body).error.message).toMatch(/events/);
  });

  it('answers a batch of more than 5,000 events with 413', async () => {
    const events = Array.from({ length: 5001 }, (_, i) => ({
      event_id: `big-${i}`,
      user_id: 'u-big',
      provider: 'serper',
    }));
    const res = await report(events);
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(res.body).error.code).toBe('payload_too_large');
  });

  it('prices a call with the version in effect when it happened', async () => {
    const created = await call(t.url, '/api/billing/pricing', {
      method: 'POST',
      token: t.adminToken,
      body: {
        provider: 'mistral',
        model_name: 'mistral-versioned',
        cost_per_input_token: 1e-6,
        effective_from: '2026-01-01T00:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    await call(t.url, '/api/billing/pricing', {
      method: 'POST',
      token: t.adminToken,
      body: {
        provider: 'mistral',
        model_name: 'mistral-versioned',
        cost_per_input_token: 3e-6,
        effective_from: '2026-06-01T00:00:00Z',
      },
    });
    const base = {
      user_id: 'u-versions',
      provider: 'mistral',
      model: 'mistral-versioned',
      input_tokens: 1000,
    };
    await report([
      { ...base, event_id: 'v-before', occurred_at: '2026-05-15T12:00:00Z' },
      { ...base, event_id: 'v-after', occurred_at: '2026-06-15T12:00:00Z' },
    ]);
    const may = usageStatsSchema.parse(
      (await call(t.url, '/api/billing/usage/u-versions?period=2026-05', { token: t.adminToken })).body,
    );
    const june = usageStatsSchema.parse(
      (await call(t.url, '/api/billing/usage/u-versions?period=2026-06', { token: t.adminToken })).body,
    );
    expect(may.total_cost).toBeCloseTo(0.001, 12);
    expect(june.total_cost).toBeCloseTo(0.003, 12);
  });
});
