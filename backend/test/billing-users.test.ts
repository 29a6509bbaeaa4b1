import {
  errorBodySchema,
  type UsageAlert,
  type UserOverview,
  updateUserResponseSchema,
  usageStatsSchema,
  usersResponseSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageChange } from '../src/changes.ts';
import { upsertUser } from '../src/db/users.ts';
import { fixedClock, geminiCall, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  await upsertUser(
    t.server.ctx.db,
    { id: 'mover', display_name: 'Mover', timezone: 'UTC', role: 'user' },
    'pro',
    Date.now(),
  );
  await reportAll(
    t,
    Array.from({ length: 95 }, () => geminiCall('mover')),
  );
  await reportAll(
    t,
    Array.from({ length: 3 }, () => geminiCall('light')),
  );
});
afterAll(() => t.close());

const put = (userId: string, body: unknown, token = t.adminToken) =>
  call(t.url, `/api/billing/users/${userId}`, { method: 'PUT', token, body });

async function overview(): Promise<UserOverview[]> {
  const res = await call(t.url, '/api/billing/users', { token: t.adminToken });
  expect(res.status).toBe(200);
  return usersResponseSchema.parse(res.body).users;
}

describe('GET /api/billing/users', () => {
  it('lists every user with plan, spend this period and status', async () => {
    const users = await overview();
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining(['admin', 'light', 'mover']));
    const mover = users.find((u) => u.id === 'mover');
    expect(mover).toMatchObject({
      plan: { id: 'pro', name: 'Pro', tier: 'pro' },
      billing_period: '2026-11',
      total_calls: 95,
      usage_status: 'active',
    });
    expect(mover?.total_cost).toBeGreaterThan(0);
    expect(users.find((u) => u.id === 'light')).toMatchObject({ plan: { id: 'free' }, total_calls: 3 });
  });

  it('is for admins only', async () => {
    const res = await call(t.url, '/api/billing/users', { token: await t.tokenFor('mover') });
    expect(res.status).toBe(403);
    errorBodySchema.parse(res.body);
  });
});

describe('PUT /api/billing/users/:userId', () => {
  it('moves a user to another plan and re-evaluates status and alerts against the new limits', async () => {
    const changes: UsageChange[] = [];
    const unsubscribe = t.server.ctx.changes.subscribe((change) => changes.push(change));
    let user: UserOverview;
    try {
      const res = await put('mover', { plan_id: 'free' });
      expect(res.status).toBe(200);
      user = updateUserResponseSchema.parse(res.body).user;
    } finally {
      unsubscribe();
    }
    // 95 of Free's 100 Gemini calls.
    expect(user).toMatchObject({ id: 'mover', plan: { id: 'free' }, usage_status: 'warning' });
    const usage = usageStatsSchema.parse(
      (await call(t.url, '/api/billing/usage/mover', { token: t.adminToken })).body,
    );
    expect(usage.plan.id).toBe('free');
    expect(usage.usage_percentages.gemini_calls).toBe(95);
    const raised = usage.alerts.filter((a) => a.metric === 'gemini_calls').map((a) => a.threshold_percentage);
    expect(raised.sort()).toEqual([80, 90]);
    const announced: UsageAlert[] = changes.flatMap((c) => c.newAlerts);
    expect(announced.map((a) => a.threshold_percentage).sort()).toEqual([80, 90]);
    expect(changes.flatMap((c) => c.touched)).toEqual([{ userId: 'mover', period: '2026-11' }]);

    // Moving back up clears the status but keeps the alerts that were raised.
    const up = updateUserResponseSchema.parse((await put('mover', { plan_id: 'pro' })).body).user;
    expect(up.usage_status).toBe('active');
    expect((await put('mover', { plan_id: 'free' })).status).toBe(200);
    const again = usageStatsSchema.parse(
      (await call(t.url, '/api/billing/usage/mover', { token: t.adminToken })).body,
    );
    expect(again.alerts.filter((a) => a.metric === 'gemini_calls')).toHaveLength(2);
  });

  it('sets the timezone and display name', async () => {
    const res = await put('light', { timezone: 'Asia/Tokyo', display_name: 'Light User' });
    const { user } = updateUserResponseSchema.parse(res.body);
    expect(user).toMatchObject({ timezone: 'Asia/Tokyo', display_name: 'Light User', plan: { id: 'free' } });
    expect((await overview()).find((u) => u.id === 'light')?.timezone).toBe('Asia/Tokyo');
  });

  it('refuses an unknown plan with 400 naming the plans there are', async () => {
    const res = await put('light', { plan_id: 'platinum' });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.body).error.message).toBe(
      'body.plan_id: there is no plan "platinum"; choose one of free, basic, pro, enterprise',
    );
  });

  it('refuses an unknown timezone, an empty body and unknown fields with 400', async () => {
    for (const body of [{ timezone: 'Mars/Olympus' }, {}, { role: 'admin' }]) {
      const res = await put('light', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      errorBodySchema.parse(res.body);
    }
  });

  it('answers 404 for an unknown user', async () => {
    const res = await put('nobody', { plan_id: 'basic' });
    expect(res.status).toBe(404);
    expect(errorBodySchema.parse(res.body).error.code).toBe('not_found');
  });

  it('is for admins only', async () => {
    const res = await put('light', { plan_id: 'enterprise' }, await t.tokenFor('light'));
    expect(res.status).toBe(403);
    errorBodySchema.parse(res.body);
  });
});

describe('plan changes and cached reads', () => {
  it('shows a past period against the new limits right after the plan changes', async () => {
    await reportAll(t, [geminiCall('history', new Date('2026-09-10T12:00:00Z'))]);
    const token = await t.tokenFor('history');
    const read = async () =>
      usageStatsSchema.parse(
        (await call(t.url, '/api/billing/usage/history?period=2026-09', { token })).body,
      );
    expect((await read()).limits.limits.gemini_calls).toBe(100);
    await read(); // now cached
    expect((await put('history', { plan_id: 'pro' })).status).toBe(200);
    expect((await read()).limits.limits.gemini_calls).toBe(5000);
  });
});
