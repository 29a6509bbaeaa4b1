import {
  alertsResponseSchema,
  errorBodySchema,
  plansResponseSchema,
  type SubscriptionPlan,
  updatePlanResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { seedCatalog } from '../src/defaults/seedCatalog.ts';
import { fixedClock, geminiCall, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { connectSocket } from './ws-client.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  for (const id of ['basic-ann', 'basic-bo']) {
    await upsertUser(
      t.server.ctx.db,
      { id, display_name: id, timezone: 'UTC', role: 'user' },
      'basic',
      Date.now(),
    );
  }
  await upsertUser(
    t.server.ctx.db,
    { id: 'pro-pat', display_name: 'Pat', timezone: 'UTC', role: 'user' },
    'pro',
    Date.now(),
  );
  // 95 Gemini calls: 9.5 % of Basic's 1,000.
  await reportAll(
    t,
    Array.from({ length: 95 }, () => geminiCall('basic-ann')),
  );
});
afterAll(() => t.close());

const patch = (planId: string, body: unknown, token = t.adminToken) =>
  call(t.url, `/api/admin/plans/${planId}`, { method: 'PATCH', token, body });

async function plan(id: string): Promise<SubscriptionPlan> {
  const res = await call(t.url, '/api/billing/plans', { token: t.adminToken });
  const found = plansResponseSchema.parse(res.body).plans.find((p) => p.id === id);
  if (!found) throw new Error(`no plan ${id}`);
  return found;
}

async function usage(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: await t.tokenFor(userId) });
  expect(res.status).toBe(200);
  return usageStatsSchema.parse(res.body);
}

function expectError(res: { status: number; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = errorBodySchema.parse(res.body);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(8);
}

describe('PATCH /api/admin/plans/:planId', () => {
  it('changes the limits given and the prices, keeping every other limit', async () => {
    const before = await plan('pro');
    const res = await patch('pro', {
      limits: { openai_calls: 3000, monthly_cost: 175.5 },
      price_monthly: 89,
    });
    expect(res.status).toBe(200);
    const updated = updatePlanResponseSchema.parse(res.body).plan;
    expect(updated).toEqual({
      ...before,
      price_monthly: 89,
      limits: { ...before.limits, openai_calls: 3000, monthly_cost: 175.5 },
    });
    expect(await plan('pro')).toEqual(updated);
  });

  it('applies from the next request: a cached usage read shows the new limits at once', async () => {
    expect((await usage('basic-ann')).limits.limits.gemini_calls).toBe(1000);
    expect((await usage('basic-ann')).usage_status).toBe('active');
    expect((await patch('basic', { limits: { gemini_calls: 100 } })).status).toBe(200);
    const after = await usage('basic-ann');
    expect(after.limits.limits.gemini_calls).toBe(100);
    expect(after.usage_percentages.gemini_calls).toBe(95);
    expect(after.usage_status).toBe('warning');
    // The alerts now due were raised, once each.
    const alerts = await call(t.url, '/api/billing/alerts/basic-ann', { token: t.adminToken });
    const gemini = alertsResponseSchema.parse(alerts.body).alerts.filter((a) => a.metric === 'gemini_calls');
    expect(gemini.map((a) => a.threshold_percentage).sort()).toEqual([80, 90]);
    expect((await patch('basic', { limits: { gemini_calls: 100 } })).status).toBe(200);
    const again = await call(t.url, '/api/billing/alerts/basic-ann', { token: t.adminToken });
    expect(
      alertsResponseSchema.parse(again.body).alerts.filter((a) => a.metric === 'gemini_calls'),
    ).toHaveLength(2);
  });

  it("pushes the new limits to every open dashboard of the plan's users, and only theirs", async () => {
    const bo = await connectSocket(t.url, 'basic-bo', await t.tokenFor('basic-bo'));
    const pat = await connectSocket(t.url, 'pro-pat', await t.tokenFor('pro-pat'));
    try {
      await bo.waitFor((m) => m.type === 'usage.updated');
      await pat.waitFor((m) => m.type === 'usage.updated');
      expect((await patch('basic', { limits: { mistral_calls: 1234 } })).status).toBe(200);
      const pushed = await bo.waitFor(
        (m) => m.type === 'usage.updated' && m.data.limits.limits.mistral_calls === 1234,
      );
      expect(pushed.type === 'usage.updated' && pushed.data.user_id).toBe('basic-bo');
      // Pat is on Pro: a change to Basic sends Pat nothing.
      expect(pat.messages).toHaveLength(1);
    } finally {
      await bo.close();
      await pat.close();
    }
  });

  it('keeps an edited plan when the server starts again (the seed creates plans only once)', async () => {
    expect((await patch('free', { limits: { serper_calls: 77 } })).status).toBe(200);
    await seedCatalog(t.server.ctx.db);
    expect((await plan('free')).limits.serper_calls).toBe(77);
  });

  it('answers 404 for a plan that does not exist', async () => {
    expectError(await patch('platinum', { price_monthly: 1 }), 404, 'not_found');
  });
});

describe('bad input', () => {
  const bodies: unknown[] = [
    {},
    [],
    'text',
    { limits: {}, name: 'Renamed' },
    { limits: { gemini_calls: -2 } },
    { limits: { gemini_calls: 1.5 } },
    { limits: { gemini_calls: '100' } },
    { limits: { gemini_calls: null } },
    { limits: { gemini_calls: 1e16 } },
    { limits: { monthly_cost: -0.5 } },
    { limits: { monthly_cost: 0.001 } },
    { limits: { monthly_cost: 2_000_000 } },
    { limits: { cohere_calls: 5 } },
    { limits: { mistral_tokens: 1, tavily_tokens: 1 } },
    { price_monthly: -1 },
    { price_monthly: 9.999 },
    { price_yearly: 1e7 },
    { price_yearly: Number.NaN },
    { tier: 'pro' },
  ];

  it.each(bodies.map((b) => [JSON.stringify(b), b]))(
    'refuses %s with a 400 and changes nothing',
    async (_n, body) => {
      const before = await plan('enterprise');
      expectError(await patch('enterprise', body), 400, 'validation_error');
      expect(await plan('enterprise')).toEqual(before);
    },
  );

  it.each(['Pro', 'a b', 'x'.repeat(65)])('refuses plan id %s with a 400', async (id) => {
    expectError(await patch(encodeURIComponent(id), { price_monthly: 1 }), 400, 'validation_error');
  });
});

describe('who may change plans', () => {
  it('refuses a user who is not an admin with a 403 and changes nothing', async () => {
    const before = await plan('basic');
    expectError(await patch('basic', { price_monthly: 1 }, await t.tokenFor('basic-ann')), 403, 'forbidden');
    expectError(await patch('basic', { price_monthly: 1 }, t.apiKey), 401, 'unauthorized');
    expect(await plan('basic')).toEqual(before);
  });
});
