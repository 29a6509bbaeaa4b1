import {
  alertsResponseSchema,
  errorBodySchema,
  markAlertReadResponseSchema,
  type UsageAlert,
  usageBatchResponseSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
});
afterAll(() => t.close());

async function alertsOf(userId: string, query = '') {
  const res = await call(t.url, `/api/billing/alerts/${userId}${query}`, { token: await t.tokenFor(userId) });
  expect(res.status).toBe(200);
  return alertsResponseSchema.parse(res.body);
}

const gemini = (alerts: UsageAlert[]) =>
  alerts
    .filter((a) => a.metric === 'gemini_calls')
    .map((a) => [a.threshold_percentage, a.severity])
    .sort();

describe('usage alerts', () => {
  it('raises 80, 90 and 100 % once each when one batch jumps from 70 % to 105 % of a limit', async () => {
    // Free plan: 100 Gemini calls a month.
    await reportAll(
      t,
      Array.from({ length: 70 }, () => geminiCall('jumper')),
    );
    expect((await alertsOf('jumper')).alerts).toEqual([]);

    await reportAll(
      t,
      Array.from({ length: 35 }, () => geminiCall('jumper')),
    );
    const after = await alertsOf('jumper');
    expect(gemini(after.alerts)).toEqual([
      [100, 'error'],
      [80, 'info'],
      [90, 'warning'],
    ]);
    const reached = after.alerts.find((a) => a.threshold_percentage === 100);
    expect(reached).toMatchObject({ type: 'limit_reached', provider: 'gemini', billing_period: '2026-11' });
    expect(reached?.message).toContain('105 of 100 Gemini calls');

    await reportAll(
      t,
      Array.from({ length: 10 }, () => geminiCall('jumper')),
    );
    expect(gemini((await alertsOf('jumper')).alerts)).toHaveLength(3);
  });

  it('creates a crossed threshold exactly once when 200 concurrent reports cross it', async () => {
    await reportAll(
      t,
      Array.from({ length: 70 }, () => geminiCall('racer')),
    );
    const published: UsageAlert[] = [];
    const unsubscribe = t.server.ctx.changes.subscribe((change) => published.push(...change.newAlerts));
    try {
      const replies = await Promise.all(
        Array.from({ length: 200 }, () =>
          call(t.url, '/api/usage/events', {
            method: 'POST',
            token: t.apiKey,
            body: { events: [geminiCall('racer')] },
          }),
        ),
      );
      for (const reply of replies) expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(1);
    } finally {
      unsubscribe();
    }
    const stored = (await alertsOf('racer')).alerts.filter((a) => a.metric === 'gemini_calls');
    expect(stored.map((a) => a.threshold_percentage).sort()).toEqual([100, 80, 90]);
    // Created once also means announced once: live views see each alert a single time.
    const announced = published.filter((a) => a.user_id === 'racer' && a.metric === 'gemini_calls');
    expect(announced.map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort());
  });

  it('lists alerts newest first and filters unread ones', async () => {
    await reportAll(
      t,
      Array.from({ length: 85 }, () => geminiCall('lister')),
    );
    await reportAll(
      t,
      Array.from({ length: 10 }, () => geminiCall('lister')),
    );
    const all = await alertsOf('lister');
    expect(all.alerts.map((a) => a.threshold_percentage)).toEqual([90, 80]);
    expect(all.unread_count).toBe(2);

    const first = all.alerts[1]!;
    const read = await call(t.url, `/api/billing/alerts/${first.id}/read`, {
      method: 'POST',
      token: await t.tokenFor('lister'),
    });
    expect(read.status).toBe(200);
    const { alert } = markAlertReadResponseSchema.parse(read.body);
    expect(alert).toMatchObject({ id: first.id, is_read: true, read_at: NOW.toISOString() });

    const unread = await alertsOf('lister', '?unread_only=true');
    expect(unread.alerts.map((a) => a.id)).toEqual([all.alerts[0]!.id]);
    expect(unread.unread_count).toBe(1);
    expect((await alertsOf('lister', '?unread_only=false')).alerts).toHaveLength(2);
  });

  it("forbids marking another user's alert read (403), and lets an admin do it", async () => {
    await reportAll(
      t,
      Array.from({ length: 80 }, () => geminiCall('owner')),
    );
    const [alert] = (await alertsOf('owner')).alerts;
    const path = `/api/billing/alerts/${alert!.id}/read`;
    const stranger = await call(t.url, path, { method: 'POST', token: await t.tokenFor('stranger') });
    expect(stranger.status).toBe(403);
    expect(errorBodySchema.parse(stranger.body).error.code).toBe('forbidden');
    expect((await alertsOf('owner')).unread_count).toBe(1);

    const admin = await call(t.url, path, { method: 'POST', token: t.adminToken });
    expect(markAlertReadResponseSchema.parse(admin.body).alert.is_read).toBe(true);
  });

  it('answers 404 for an unknown alert and 400 for an id that is not a number', async () => {
    const missing = await call(t.url, '/api/billing/alerts/999999/read', {
      method: 'POST',
      token: t.adminToken,
    });
    expect(missing.status).toBe(404);
    expect(errorBodySchema.parse(missing.body).error.code).toBe('not_found');
    const bad = await call(t.url, '/api/billing/alerts/abc/read', { method: 'POST', token: t.adminToken });
    expect(bad.status).toBe(400);
    errorBodySchema.parse(bad.body);
  });

  it("forbids listing another user's alerts and answers 404 for an unknown user", async () => {
    const other = await call(t.url, '/api/billing/alerts/owner', { token: await t.tokenFor('stranger') });
    expect(other.status).toBe(403);
    errorBodySchema.parse(other.body);
    const unknown = await call(t.url, '/api/billing/alerts/nobody', { token: t.adminToken });
    expect(unknown.status).toBe(404);
    errorBodySchema.parse(unknown.body);
  });
});
