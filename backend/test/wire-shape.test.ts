import { plansResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { upsertUser } from '../src/db/users.ts';
import { fixedClock, geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { connectSocket } from './ws-client.ts';

/*
 * The types of the system the spec comes from, written out here by hand from its definitions — on
 * purpose not imported from our contracts: a client written against those types must read our usage
 * and dashboard replies (and the live `usage.updated` pushes) as they are. Fields we add beside them
 * (`plan`, `unpriced_calls`, token percentages, …) are allowed; nothing the original names may be
 * missing, renamed or of another shape.
 */
const PROVIDERS = [
  'gemini',
  'openai',
  'anthropic',
  'mistral',
  'tavily',
  'serper',
  'metaphor',
  'firecrawl',
  'stability',
] as const;
const LLMS = ['gemini', 'openai', 'anthropic', 'mistral'] as const;

const numbersNamed = (names: readonly string[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.number()])));

const originalSubscriptionLimits = z.object({
  plan_name: z.string(),
  tier: z.string(),
  limits: numbersNamed([
    ...PROVIDERS.map((p) => `${p}_calls`),
    ...LLMS.map((p) => `${p}_tokens`),
    'monthly_cost',
  ]),
  features: z.array(z.string()),
});

const originalUsagePercentages = numbersNamed([...PROVIDERS.map((p) => `${p}_calls`), 'cost']);

const originalProviderUsage = z.object({ calls: z.number(), tokens: z.number(), cost: z.number() });

const originalUsageStats = z.object({
  billing_period: z.string(),
  usage_status: z.enum(['active', 'warning', 'limit_reached']),
  total_calls: z.number(),
  total_tokens: z.number(),
  total_cost: z.number(),
  avg_response_time: z.number(),
  error_rate: z.number(),
  limits: originalSubscriptionLimits,
  provider_breakdown: z.object(Object.fromEntries(PROVIDERS.map((p) => [p, originalProviderUsage]))),
  alerts: z.array(z.object({})),
  usage_percentages: originalUsagePercentages,
  last_updated: z.string(),
});

const originalDashboardData = z.object({
  current_usage: originalUsageStats,
  trends: z.object({}),
  limits: originalSubscriptionLimits,
  alerts: z.array(z.object({})),
  projections: z.object({}),
  summary: z.object({}),
});

let t: TestServer;
let token: string;

beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  await upsertUser(
    t.server.ctx.db,
    { id: 'wire', display_name: 'Wire', timezone: 'UTC', role: 'user' },
    'free',
    NOW.getTime(),
  );
  await reportAll(
    t,
    Array.from({ length: 40 }, () => geminiCall('wire')),
  );
  token = await t.tokenFor('wire');
});
afterAll(() => t.close());

async function get(path: string): Promise<unknown> {
  const res = await call(t.url, path, { token });
  expect(res.status, path).toBe(200);
  return res.body;
}

async function freePlan() {
  const { plans } = plansResponseSchema.parse(await get('/api/billing/plans'));
  const free = plans.find((plan) => plan.id === 'free');
  if (!free) throw new Error('the seeded plans have no Free plan');
  return free;
}

describe("the original client's wire shape", () => {
  it('reads GET /api/billing/usage/:userId with its own UsageStats type', async () => {
    const stats = originalUsageStats.parse(await get('/api/billing/usage/wire'));
    const free = await freePlan();
    expect(stats.limits).toEqual({
      plan_name: free.name,
      tier: free.tier,
      limits: free.limits,
      features: free.features,
    });
    expect(stats.usage_percentages.gemini_calls).toBe((40 / free.limits.gemini_calls) * 100);
    expect(stats.usage_percentages.cost).toBeCloseTo((stats.total_cost / free.limits.monthly_cost) * 100, 9);
    expect(stats.usage_percentages.cost).toBeGreaterThan(0);
    expect(stats.usage_percentages.openai_calls).toBe(0);
  });

  it('keeps our extra fields beside the original ones', async () => {
    const body = (await get('/api/billing/usage/wire')) as Record<string, unknown>;
    expect(body.plan).toEqual({ id: 'free', name: 'Free', tier: 'free' });
    expect(body.unpriced_calls).toBe(0);
    const percentages = body.usage_percentages as Record<string, number>;
    const free = await freePlan();
    expect(percentages.gemini_tokens).toBe(((40 * 15) / free.limits.gemini_tokens) * 100);
    expect(percentages).not.toHaveProperty('monthly_cost');
  });

  it('reads GET /api/billing/dashboard/:userId with its own DashboardData type', async () => {
    const dashboard = originalDashboardData.parse(await get('/api/billing/dashboard/wire'));
    expect(dashboard.limits).toEqual(dashboard.current_usage.limits);
    expect(dashboard.limits.plan_name).toBe('Free');
    expect(dashboard.current_usage.total_calls).toBe(40);
  });

  it('reads the live usage.updated push with its own UsageStats type', async () => {
    const socket = await connectSocket(t.url, 'wire', token);
    try {
      const message = await socket.waitFor((m) => m.type === 'usage.updated');
      const stats = originalUsageStats.parse(message.data);
      expect(stats.limits.plan_name).toBe('Free');
      expect(stats.usage_percentages.gemini_calls).toBeGreaterThan(0);
    } finally {
      await socket.close();
    }
  });
});
