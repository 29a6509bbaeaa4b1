import { eventsPageSchema, repriceResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRollups } from '../src/domain/rollupCheck.ts';
import { fixedClock, reportAll } from './billing-helpers.ts';
import { runCli } from './childServer.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
});
afterAll(() => t.close());

let sequence = 0;
const privateModelCall = (user: string, at: string) => ({
  event_id: `rp-${user}-${++sequence}`,
  user_id: user,
  provider: 'openai',
  model: 'acme-private-1',
  input_tokens: 1000,
  output_tokens: 1000,
  occurred_at: at,
});

const reprice = async (body: object) => {
  const res = await call(t.url, '/api/billing/pricing/reprice', {
    method: 'POST',
    token: t.adminToken,
    body,
  });
  expect(res.status).toBe(200);
  return repriceResponseSchema.parse(res.body);
};

const usageOf = async (user: string) =>
  usageStatsSchema.parse(
    (await call(t.url, `/api/billing/usage/${user}?period=2026-11`, { token: t.adminToken })).body,
  );

/** An operator price for the private model from 1 November: $1 / $2 per million tokens. */
async function pricePrivateModel() {
  const res = await call(t.url, '/api/billing/pricing', {
    method: 'POST',
    token: t.adminToken,
    body: {
      provider: 'openai',
      model_name: 'acme-private-1',
      cost_per_input_token: 0.000001,
      cost_per_output_token: 0.000002,
      effective_from: '2026-11-01T00:00:00Z',
    },
  });
  expect(res.status).toBe(201);
}

describe('re-pricing a period', () => {
  beforeAll(async () => {
    await reportAll(t, [
      privateModelCall('rp-api', '2026-11-03T10:00:00Z'),
      privateModelCall('rp-api', '2026-11-04T10:00:00Z'),
      // Already priced and unchanged: GPT-5.1 at $1.25 / $10 → 1,000 × 1.25 + 100 × 10 = $0.00225.
      {
        event_id: 'rp-api-gpt',
        user_id: 'rp-api',
        provider: 'openai',
        model: 'gpt-5.1',
        input_tokens: 1000,
        output_tokens: 100,
        occurred_at: '2026-11-05T10:00:00Z',
      },
      privateModelCall('rp-cli', '2026-11-06T10:00:00Z'),
    ]);
    const before = await usageOf('rp-api');
    expect(before.unpriced_calls).toBe(2);
    expect(before.total_cost).toBeCloseTo(0.00225, 12);
    await pricePrivateModel();
  });

  it('shows per user and provider what would change, and changes nothing on a dry run', async () => {
    const dry = await reprice({ period: '2026-11', user_id: 'rp-api', dry_run: true });
    // Each private call: 1,000 × $1/M + 1,000 × $2/M = $0.003; two of them.
    expect(dry.lines).toEqual([
      {
        user_id: 'rp-api',
        provider: 'openai',
        changed_events: 2,
        newly_priced: 2,
        newly_unpriced: 0,
        cost_before: 0.00225,
        cost_after: 0.00825,
      },
    ]);
    expect((await usageOf('rp-api')).unpriced_calls).toBe(2);
  });

  it('turns unpriced calls into priced ones with rollups and totals in line', async () => {
    const done = await reprice({ period: '2026-11', user_id: 'rp-api' });
    expect(done.lines[0]).toMatchObject({ changed_events: 2, newly_priced: 2, cost_after: 0.00825 });
    const after = await usageOf('rp-api');
    expect(after.unpriced_calls).toBe(0);
    expect(after.total_cost).toBeCloseTo(0.00825, 12);
    const events = eventsPageSchema.parse(
      (await call(t.url, '/api/billing/usage/rp-api/events?period=2026-11', { token: t.adminToken })).body,
    ).events;
    const priv = events.filter((e) => e.model === 'acme-private-1');
    expect(priv.map((e) => [e.cost, e.is_priced, e.price_match])).toEqual([
      [0.003, true, 'override'],
      [0.003, true, 'override'],
    ]);
    const check = await checkRollups({ db: t.server.ctx.db });
    expect(check.differences).toEqual([]);
    // The other user was not asked for.
    expect((await usageOf('rp-cli')).unpriced_calls).toBe(1);
  });

  it('changes nothing when run again', async () => {
    const again = await reprice({ period: '2026-11', user_id: 'rp-api' });
    expect(again.lines.every((l) => l.changed_events === 0)).toBe(true);
  });

  it('refuses a period that is not YYYY-MM with a 400', async () => {
    const res = await call(t.url, '/api/billing/pricing/reprice', {
      method: 'POST',
      token: t.adminToken,
      body: { period: 'November' },
    });
    expect(res.status).toBe(400);
  });
});

describe('npm run prices', () => {
  const env = (): Record<string, string> => {
    const secret = { SPENDSCOPE_SECRET: 'cli-secret-long-enough-for-signing-tokens' };
    const url = t.server.handle.url;
    return url
      ? { ...secret, DATABASE_URL: url }
      : { ...secret, DATABASE_PATH: t.server.ctx.config.DATABASE_PATH };
  };

  it('diff finds nothing to add once the installed catalog is imported', async () => {
    const diff = await runCli('backend/src/cli/prices.ts', env(), ['diff']);
    expect(diff.output).toMatch(/genai-prices@[\d.]+: would add 0 price versions; \d+ unchanged/);
    expect(diff.code).toBe(0);
  });

  it('reprice --dry-run shows the change and reprice applies it, leaving verify clean', async () => {
    const dry = await runCli('backend/src/cli/prices.ts', env(), [
      'reprice',
      '--period',
      '2026-11',
      '--user',
      'rp-cli',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('rp-cli openai: 1 events changed (1 newly priced, 0 now unpriced)');
    expect(dry.output).toContain('Dry run: would re-price 1 events of 1 users in 2026-11.');
    expect((await usageOf('rp-cli')).unpriced_calls).toBe(1);

    const run = await runCli('backend/src/cli/prices.ts', env(), ['reprice', '--period', '2026-11']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Re-priced 1 events');
    expect((await checkRollups({ db: t.server.ctx.db })).differences).toEqual([]);
  });

  it('refuses reprice without a period', async () => {
    const bad = await runCli('backend/src/cli/prices.ts', env(), ['reprice']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--period YYYY-MM is required');
  });
});
