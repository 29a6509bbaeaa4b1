import { whatIfResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
let token: string;

const PICO_PER_NANO = 1000;

function openaiCall(id: string, model: string, tokens: { input: number; output: number; cached?: number }) {
  return {
    event_id: id,
    user_id: 'whatif',
    provider: 'openai' as const,
    model,
    input_tokens: tokens.input,
    output_tokens: tokens.output,
    cached_tokens: tokens.cached ?? 0,
    response_time_ms: 200,
    occurred_at: new Date(NOW.getTime() - 3_600_000).toISOString(),
  };
}

beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  await reportAll(t, [
    openaiCall('w1', 'gpt-4o', { input: 120_000, output: 8_000, cached: 40_000 }),
    openaiCall('w2', 'gpt-4o', { input: 30_000, output: 2_000 }),
    openaiCall('w3', 'gpt-4o-mini', { input: 500_000, output: 50_000 }),
  ]);
  token = await t.tokenFor('whatif');
});
afterAll(() => t.close());

async function whatIf(query: string) {
  return call(t.url, `/api/billing/usage/whatif/providers/openai/what-if?${query}`, { token });
}

describe('what-if pricing of a provider period', () => {
  it("re-prices each model's tokens under another model's current price, storing nothing", async () => {
    const before = await call(t.url, '/api/billing/usage/whatif/providers/openai', { token });
    const res = await whatIf('model=gpt-4o-mini&period=2026-11');
    expect(res.status).toBe(200);
    const reply = whatIfResponseSchema.parse(res.body);
    // The price the book resolves the name to (the catalog's row wins over Spendscope's own).
    const mini = t.server.ctx.prices.find('openai', 'gpt-4o-mini', NOW.getTime());
    expect(mini).toBeDefined();
    expect(reply.price_id).toBe(mini?.id);
    const cachedRate = mini?.cached_pico ?? mini?.input_pico ?? 0;
    const expected4o =
      Math.round(
        (150_000 * (mini?.input_pico ?? 0) + 10_000 * (mini?.output_pico ?? 0) + 40_000 * cachedRate) /
          PICO_PER_NANO,
      ) / 1e9;
    const gpt4o = reply.models.find((m) => m.model === 'gpt-4o');
    expect(gpt4o).toMatchObject({
      calls: 2,
      input_tokens: 150_000,
      output_tokens: 10_000,
      cached_tokens: 40_000,
    });
    expect(gpt4o?.what_if_cost).toBeCloseTo(expected4o, 9);
    expect(gpt4o?.difference).toBeLessThan(0);
    // The cheaper model itself costs what it cost.
    const self = reply.models.find((m) => m.model === 'gpt-4o-mini');
    expect(self?.what_if_cost).toBeCloseTo(self?.actual_cost ?? -1, 9);
    expect(reply.what_if_cost).toBeCloseTo(
      reply.models.reduce((s, m) => s + m.what_if_cost, 0),
      9,
    );
    expect(reply.difference).toBeCloseTo(reply.what_if_cost - reply.actual_cost, 9);

    const after = await call(t.url, '/api/billing/usage/whatif/providers/openai', { token });
    expect(after.body).toEqual(before.body);
  });

  it('answers 404 for a model without a price and 400 without a model', async () => {
    const unknown = await whatIf('model=no-such-model-at-all');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
    const missing = await whatIf('');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('lets a user see only their own what-if', async () => {
    const other = await t.tokenFor('someone-else');
    const res = await call(t.url, '/api/billing/usage/whatif/providers/openai/what-if?model=gpt-4o', {
      token: other,
    });
    expect(res.status).toBe(403);
  });
});
