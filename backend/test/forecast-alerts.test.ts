import { alertsResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { fixedClock, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
let token: string;
let sequence = 0;

/** A dear call (400,000 input tokens of gpt-4o, about $1) at `at`. */
function dearCall(at: string, model = 'gpt-4o') {
  return {
    event_id: `spike-${++sequence}`,
    user_id: 'spiky',
    provider: 'openai' as const,
    model,
    input_tokens: 400_000,
    output_tokens: 100,
    response_time_ms: 300,
    occurred_at: at,
  };
}

/** Two dear calls a day from 23 October to 19 November (UTC); NOW is 12:00 on 20 November. */
function history() {
  const events = [];
  for (let d = new Date('2026-10-23T09:00:00Z'); d.toISOString() < '2026-11-20'; ) {
    events.push(dearCall(d.toISOString()), dearCall(new Date(d.getTime() + 3_600_000).toISOString()));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return events;
}

async function alerts() {
  const res = await call(t.url, '/api/billing/alerts/spiky', { token });
  expect(res.status).toBe(200);
  return alertsResponseSchema.parse(res.body).alerts;
}

beforeAll(async () => {
  // Evaluated at once after each report: the test then waits for it with flush().
  t = await startTestServer({ clock: fixedClock, env: { FORECAST_ALERTS_INTERVAL_MS: '0' } });
  await upsertUser(
    t.server.ctx.db,
    { id: 'spiky', display_name: 'Spiky', timezone: 'UTC', role: 'user' },
    'enterprise',
    Date.now(),
  );
  await reportAll(t, history());
  await t.server.ctx.alertWatch.flush();
  token = await t.tokenFor('spiky');
});
afterAll(() => t.close());

describe('anomaly alerts after reports', () => {
  it('raises nothing for days like the ones before', async () => {
    expect((await alerts()).filter((a) => a.type === 'anomaly')).toEqual([]);
  });

  it('raises one daily-spend anomaly for an injected spike, however often reports follow', async () => {
    await reportAll(
      t,
      Array.from({ length: 12 }, (_, i) => dearCall(`2026-11-20T0${i % 10}:10:00Z`)),
    );
    await t.server.ctx.alertWatch.flush();
    await reportAll(t, [dearCall('2026-11-20T11:00:00Z'), dearCall('2026-11-20T11:30:00Z')]);
    await t.server.ctx.alertWatch.flush();
    const anomalies = (await alerts()).filter((a) => a.type === 'anomaly');
    expect(anomalies.map((a) => [a.metric, a.billing_period, a.severity])).toEqual([
      ['anomaly:daily_cost:2026-11-20', '2026-11', 'warning'],
    ]);
    expect(anomalies[0]?.title).toBe('Unusual spend on 2026-11-20');
  });

  it('names each new model without a price once', async () => {
    await reportAll(t, [
      dearCall('2026-11-20T11:40:00Z', 'gpt-unlisted-x'),
      dearCall('2026-11-20T11:41:00Z', 'gpt-unlisted-x'),
    ]);
    await t.server.ctx.alertWatch.flush();
    await reportAll(t, [dearCall('2026-11-20T11:42:00Z', 'gpt-unlisted-x')]);
    await t.server.ctx.alertWatch.flush();
    const perModel = (await alerts()).filter((a) => a.metric.startsWith('unpriced:'));
    expect(perModel.map((a) => [a.metric, a.type])).toEqual([
      ['unpriced:openai:gpt-unlisted-x', 'unpriced_usage'],
    ]);
  });
});
