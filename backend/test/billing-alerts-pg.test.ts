import { alertsResponseSchema, usageBatchResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, geminiCall, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { type PgCluster, startPgCluster } from './pgCluster.ts';

let cluster: PgCluster;
let t: TestServer;
beforeAll(async () => {
  cluster = await startPgCluster();
  t = await startTestServer({ clock: fixedClock, databaseUrl: await cluster.createDatabase() });
});
afterAll(async () => {
  await t?.close();
  cluster?.stop();
});

const report = (events: unknown[]) =>
  call(t.url, '/api/usage/events', { method: 'POST', token: t.apiKey, body: { events } });

async function geminiThresholds(userId: string): Promise<number[]> {
  const res = await call(t.url, `/api/billing/alerts/${userId}`, { token: t.adminToken });
  return alertsResponseSchema
    .parse(res.body)
    .alerts.filter((a) => a.metric === 'gemini_calls')
    .map((a) => a.threshold_percentage)
    .sort((a, b) => a - b);
}

describe('usage alerts on PostgreSQL', () => {
  it('raises the 100 % alert when the last two calls arrive together on different days', async () => {
    // Different days are different rollup rows: nothing but the alert lock makes the two reports
    // see each other, and without it most rounds end at 99 % in both transactions.
    for (let round = 0; round < 30; round++) {
      const user = `edge-${round}`;
      await reportAll(
        t,
        Array.from({ length: 98 }, () => geminiCall(user, new Date('2026-11-01T12:00:00Z'))),
      );
      const replies = await Promise.all(
        [2, 3].map((day) => report([geminiCall(user, new Date(Date.UTC(2026, 10, day, 12)))])),
      );
      for (const reply of replies) expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(1);
      expect(await geminiThresholds(user), user).toEqual([80, 90, 100]);
    }
  });

  it('creates a crossed threshold exactly once when 200 concurrent reports cross it', async () => {
    await reportAll(
      t,
      Array.from({ length: 70 }, () => geminiCall('pg-racer', new Date('2026-11-01T12:00:00Z'))),
    );
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        report([geminiCall('pg-racer', new Date(Date.UTC(2026, 10, 1 + (i % 19), 12)))]),
      ),
    );
    for (const reply of replies) expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(1);
    expect(await geminiThresholds('pg-racer')).toEqual([80, 90, 100]);
  });
});
