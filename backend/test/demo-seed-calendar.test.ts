import { alertsResponseSchema, dashboardDataSchema, type Provider } from '@spendscope/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { DEMO_USERS } from '../src/demo/users.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

/**
 * The demo must tell the same story on any day: the browser tests and a first look at `npm start` rely
 * on it. Each instant is the first or last moment of a month in one of the demo users' own timezones.
 */
const INSTANTS = [
  { name: 'the 1st, half a minute in, in Tokyo', at: '2026-12-01T00:00:30+09:00' },
  { name: 'the 1st, half a minute in, in Berlin', at: '2027-03-01T00:00:30+01:00' },
  { name: 'the 1st, half a minute in, in New York', at: '2027-02-01T00:00:30-05:00' },
  { name: 'the last day, half a minute before midnight in New York', at: '2027-01-31T23:59:30-05:00' },
  { name: 'the 29th of February, at noon UTC', at: '2028-02-29T12:00:00Z' },
];

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the demo seed on any day of the month', () => {
  for (const instant of INSTANTS) {
    it(`shows every provider, six months of history and an unread alert on ${instant.name}`, async () => {
      const now = new Date(instant.at);
      t = await startTestServer({ clock: () => now });
      await seedDemo(t.server.ctx);

      for (const user of DEMO_USERS) {
        const res = await call(t.url, `/api/billing/dashboard/${user.id}`, { token: t.adminToken });
        expect(res.status).toBe(200);
        const dashboard = dashboardDataSchema.parse(res.body);
        const usage = dashboard.current_usage;
        for (const provider of Object.keys(user.monthlyCalls) as Provider[]) {
          expect(usage.provider_breakdown[provider].calls, `${user.id} ${provider}`).toBeGreaterThanOrEqual(
            3,
          );
        }
        expect(dashboard.trends.periods).toHaveLength(6);
        expect(dashboard.trends.periods.at(-1)).toBe(usage.billing_period);
        for (const [index, calls] of dashboard.trends.total_calls.entries()) {
          expect(calls, `${user.id} calls in ${dashboard.trends.periods[index]}`).toBeGreaterThan(0);
        }
      }

      // Bob, on Free, has used four of his five images this month: warned at 80 %, not yet read.
      const bob = await call(t.url, '/api/billing/alerts/demo-bob?unread_only=true', { token: t.adminToken });
      const { alerts } = alertsResponseSchema.parse(bob.body);
      const dashboard = dashboardDataSchema.parse(
        (await call(t.url, '/api/billing/dashboard/demo-bob', { token: t.adminToken })).body,
      );
      const period = dashboard.current_usage.billing_period;
      expect(alerts.filter((a) => a.billing_period !== period)).toEqual([]);
      expect(alerts.map((a) => [a.metric, a.threshold_percentage])).toContainEqual(['stability_calls', 80]);
      expect(dashboard.current_usage.usage_status).not.toBe('active');
    });
  }
});
