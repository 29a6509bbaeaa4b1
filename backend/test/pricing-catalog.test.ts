import {
  eventsPageSchema,
  pricingResponseSchema,
  providerDetailsSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../src/defaults/seedCatalog.ts';
import { fixedClock, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

// Every expected cost below is worked out by hand from the providers' published rates (dollars per
// million tokens), not by the catalog's own calculator.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
});
afterAll(() => t.close());

let sequence = 0;
const call_ = (user: string, provider: string, model: string, at: string, usage: Record<string, number>) => ({
  event_id: `pc-${user}-${++sequence}`,
  user_id: user,
  provider,
  model,
  occurred_at: at,
  ...usage,
});

/** The stored events of a user's period, oldest first. */
async function eventsOf(user: string, period: string) {
  const res = await call(t.url, `/api/billing/usage/${user}/events?period=${period}`, {
    token: t.adminToken,
  });
  expect(res.status).toBe(200);
  return eventsPageSchema.parse(res.body).events.reverse();
}

/** Nano-dollars of a dollar amount shown by the API (costs are whole nano-dollars). */
const nano = (dollars: number) => Math.round(dollars * 1e9);

describe('pricing with the catalog', () => {
  it('prices a dated snapshot under its model family', async () => {
    // Claude Sonnet 4.5: $3 input, $15 output. 1,000 × 3 + 500 × 15 = 10,500 per MTok = $0.0105.
    await reportAll(t, [
      call_('pc-snap', 'anthropic', 'claude-sonnet-4-5-20250929', '2026-11-02T10:00:00Z', {
        input_tokens: 1000,
        output_tokens: 500,
      }),
    ]);
    const [event] = await eventsOf('pc-snap', '2026-11');
    expect(nano(event!.cost)).toBe(10_500_000);
    expect(event).toMatchObject({
      is_priced: true,
      price_match: 'pattern',
      model: 'claude-sonnet-4-5-20250929',
    });
  });

  it('prices dotted spellings, listed aliases and prefixed names', async () => {
    await reportAll(t, [
      // Claude Haiku 4.5: $1 / $5. 2,000 × 1 + 100 × 5 = 2,500 per MTok = $0.0025.
      call_('pc-alias', 'anthropic', 'claude-haiku-4.5', '2026-11-03T10:00:00Z', {
        input_tokens: 2000,
        output_tokens: 100,
      }),
      // GPT-5 mini: $0.25 / $2. 10,000 × 0.25 + 1,000 × 2 = 4,500 per MTok = $0.0045.
      call_('pc-alias', 'openai', 'gpt-5-mini-2025-08-07', '2026-11-03T11:00:00Z', {
        input_tokens: 10_000,
        output_tokens: 1000,
      }),
      // Gemini 2.5 Flash through the Google SDK's `models/` prefix: $0.30 / $2.50.
      // 1,000 × 0.3 + 1,000 × 2.5 = 2,800 per MTok = $0.0028.
      call_('pc-alias', 'gemini', 'models/gemini-2.5-flash', '2026-11-03T12:00:00Z', {
        input_tokens: 1000,
        output_tokens: 1000,
      }),
    ]);
    const [haiku, mini, flash] = await eventsOf('pc-alias', '2026-11');
    expect(nano(haiku!.cost)).toBe(2_500_000);
    expect(haiku!.price_match).toBe('pattern');
    expect(nano(mini!.cost)).toBe(4_500_000);
    expect(mini!.price_match).toBe('alias');
    expect(nano(flash!.cost)).toBe(2_800_000);
    expect(flash!.price_match).toBe('exact');
  });

  it('prices cached input at the cached rate', async () => {
    // GPT-5.1: $1.25 input, $0.125 cached input, $10 output.
    // 1,000 × 1.25 + 4,000 × 0.125 + 200 × 10 = 1,250 + 500 + 2,000 = 3,750 per MTok = $0.00375.
    await reportAll(t, [
      call_('pc-cached', 'openai', 'gpt-5.1', '2026-11-04T10:00:00Z', {
        input_tokens: 1000,
        cached_tokens: 4000,
        output_tokens: 200,
      }),
    ]);
    const [event] = await eventsOf('pc-cached', '2026-11');
    expect(nano(event!.cost)).toBe(3_750_000);
    expect(event!.price_match).toBe('exact');
  });

  it('prices 5-minute and 1-hour cache writes at their own rates', async () => {
    // Claude Sonnet 4.5: input $3, cache read $0.30, 5-minute write $3.75 (1.25×), 1-hour write $6 (2×),
    // output $15. 100 × 3 + 1,000 × 0.3 + 1,500 × 3.75 + 500 × 6 + 50 × 15
    // = 300 + 300 + 5,625 + 3,000 + 750 = 9,975 per MTok = $0.009975.
    await reportAll(t, [
      call_('pc-writes', 'anthropic', 'claude-sonnet-4-5', '2026-11-05T10:00:00Z', {
        input_tokens: 100,
        cached_tokens: 1000,
        cache_write_tokens: 2000,
        cache_write_1h_tokens: 500,
        output_tokens: 50,
      }),
    ]);
    const [event] = await eventsOf('pc-writes', '2026-11');
    expect(nano(event!.cost)).toBe(9_975_000);
    expect(event).toMatchObject({ cache_write_tokens: 2000, cache_write_1h_tokens: 500 });
    // Written input counts against token limits like any input: 100 + 1,000 + 2,000 + 50.
    const usage = await call(t.url, '/api/billing/usage/pc-writes?period=2026-11', { token: t.adminToken });
    expect(usageStatsSchema.parse(usage.body).total_tokens).toBe(3150);
    const details = await call(t.url, '/api/billing/usage/pc-writes/providers/anthropic?period=2026-11', {
      token: t.adminToken,
    });
    expect(providerDetailsSchema.parse(details.body).models[0]).toMatchObject({
      cache_write_tokens: 2000,
      cache_write_1h_tokens: 500,
      tokens: 3150,
    });
  });

  it('chooses the long-context tier by the whole input and applies it to the whole request', async () => {
    await reportAll(t, [
      // Gemini 2.5 Pro up to 200k input: $1.25 input, $0.125 cached, $10 output. 150,000 + 40,000 =
      // 190,000: 150,000 × 1.25 + 40,000 × 0.125 + 1,000 × 10 = 187,500 + 5,000 + 10,000 = $0.2025.
      call_('pc-tier', 'gemini', 'gemini-2.5-pro', '2026-11-06T10:00:00Z', {
        input_tokens: 150_000,
        cached_tokens: 40_000,
        output_tokens: 1000,
      }),
      // 150,000 + 60,000 cached = 210,000 > 200k: $2.50, $0.25, $15 for all of it.
      // 150,000 × 2.5 + 60,000 × 0.25 + 1,000 × 15 = 375,000 + 15,000 + 15,000 = $0.405.
      call_('pc-tier', 'gemini', 'gemini-2.5-pro', '2026-11-06T11:00:00Z', {
        input_tokens: 150_000,
        cached_tokens: 60_000,
        output_tokens: 1000,
      }),
      // Claude Sonnet 4.5 above 200k: $6 input, $7.50 5-minute write, $22.50 output; cache writes count.
      // 150,000 × 6 + 60,000 × 7.5 + 1,000 × 22.5 = 900,000 + 450,000 + 22,500 = $1.3725.
      call_('pc-tier', 'anthropic', 'claude-sonnet-4-5-20250929', '2026-11-06T12:00:00Z', {
        input_tokens: 150_000,
        cache_write_tokens: 60_000,
        output_tokens: 1000,
      }),
    ]);
    const [below, above, sonnet] = await eventsOf('pc-tier', '2026-11');
    expect(nano(below!.cost)).toBe(202_500_000);
    expect(nano(above!.cost)).toBe(405_000_000);
    expect(nano(sonnet!.cost)).toBe(1_372_500_000);
  });

  it('prices calls before and after a dated price change with the version in effect', async () => {
    // o3: $10 input / $40 output until 10 June 2025, $2 / $8 from then on.
    // Before: 1,000 × 10 + 1,000 × 40 = $0.05; from the day: 1,000 × 2 + 1,000 × 8 = $0.01.
    await reportAll(t, [
      call_('pc-dated', 'openai', 'o3', '2025-06-09T23:59:59Z', { input_tokens: 1000, output_tokens: 1000 }),
      call_('pc-dated', 'openai', 'o3-2025-04-16', '2025-06-10T00:00:00Z', {
        input_tokens: 1000,
        output_tokens: 1000,
      }),
    ]);
    const [before, after] = await eventsOf('pc-dated', '2025-06');
    expect(nano(before!.cost)).toBe(50_000_000);
    expect(nano(after!.cost)).toBe(10_000_000);
    expect(before!.price_id).not.toBe(after!.price_id);
  });

  it('lets an operator price override the catalog from its start, for every spelling of the model', async () => {
    const res = await call(t.url, '/api/billing/pricing', {
      method: 'POST',
      token: t.adminToken,
      body: {
        provider: 'openai',
        model_name: 'gpt-4.1',
        cost_per_input_token: 0.000001,
        cost_per_output_token: 0.000004,
        description: 'negotiated',
        effective_from: '2026-11-10T00:00:00Z',
      },
    });
    expect(res.status).toBe(201);
    await reportAll(t, [
      // Before the override, GPT-4.1's catalog price: $2 / $8. 1,000 × 2 + 1,000 × 8 = $0.01.
      call_('pc-override', 'openai', 'gpt-4.1', '2026-11-09T10:00:00Z', {
        input_tokens: 1000,
        output_tokens: 1000,
      }),
      // From it, $1 / $4 for the snapshot name too: 1,000 × 1 + 1,000 × 4 = $0.005.
      call_('pc-override', 'openai', 'gpt-4.1-2025-04-14', '2026-11-10T10:00:00Z', {
        input_tokens: 1000,
        output_tokens: 1000,
      }),
    ]);
    const [catalog, override] = await eventsOf('pc-override', '2026-11');
    expect(nano(catalog!.cost)).toBe(10_000_000);
    expect(catalog!.price_match).not.toBe('override');
    expect(nano(override!.cost)).toBe(5_000_000);
    expect(override!.price_match).toBe('override');
  });

  it('leaves a model nothing matches unpriced, counted as such', async () => {
    await reportAll(t, [
      call_('pc-unknown', 'openai', 'acme-llm-9', '2026-11-07T10:00:00Z', {
        input_tokens: 1000,
        output_tokens: 10,
      }),
    ]);
    const [event] = await eventsOf('pc-unknown', '2026-11');
    expect(event).toMatchObject({ cost: 0, is_priced: false });
    expect(event!.price_match).toBeUndefined();
    const usage = await call(t.url, '/api/billing/usage/pc-unknown?period=2026-11', { token: t.adminToken });
    expect(usageStatsSchema.parse(usage.body).unpriced_calls).toBe(1);
  });
});

describe('the catalog at start-up', () => {
  it('is imported once: seeding again (a restart) adds no row', async () => {
    const count = async () =>
      Number(
        (
          await t.server.ctx.db
            .selectFrom('prices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBeGreaterThan(200);
    await seedCatalog(t.server.ctx.db);
    expect(await count()).toBe(before);
  });

  it('lists every model the catalog prices, with its rates and provenance, once', async () => {
    const res = await call(t.url, '/api/billing/pricing?provider=anthropic', { token: t.adminToken });
    const { pricing } = pricingResponseSchema.parse(res.body);
    const sonnet = pricing.find((p) => p.model_name === 'claude-sonnet-4-5');
    expect(sonnet).toMatchObject({
      cost_per_input_token: 0.000003,
      cost_per_cache_write_token: 0.00000375,
      cost_per_cache_write_1h_token: 0.000006,
      source: expect.stringMatching(/^genai-prices@\d/),
    });
    expect(sonnet!.tiers?.[0]).toMatchObject({ above_input_tokens: 200_000, cost_per_input_token: 0.000006 });
    // The old table's claude-3.5-sonnet is priced by the catalog's claude-3-5-sonnet, so it is not listed.
    expect(pricing.some((p) => p.model_name === 'claude-3.5-sonnet')).toBe(false);
    expect(pricing.find((p) => p.model_name === 'anthropic-default')?.source).toBe('spendscope');
  });
});
