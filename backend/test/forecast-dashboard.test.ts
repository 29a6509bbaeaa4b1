import { dashboardDataSchema, providerDetailsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { type DailyValue, forecastPeriod, runOutOf } from '../src/domain/forecast.ts';
import { fixedClock, geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
let token: string;

/** Calls of each local day (Auckland) from 15 October to today, 20 November: 1, 2 or 4 a day. */
const CALLS_PER_DAY = [1, 2, 4];
const DAYS: { date: string; calls: number }[] = [];
for (let d = new Date('2026-10-15T00:00:00Z'), i = 0; d.toISOString().slice(0, 10) <= '2026-11-20'; i++) {
  DAYS.push({ date: d.toISOString().slice(0, 10), calls: CALLS_PER_DAY[i % 3] as number });
  d.setUTCDate(d.getUTCDate() + 1);
}
/** 09:00 local in Auckland (NZDT, UTC+13 in October and November) on `date`. */
const aucklandMorning = (date: string) => new Date(Date.parse(`${date}T09:00:00+13:00`));

beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  await upsertUser(
    t.server.ctx.db,
    { id: 'steady', display_name: 'Steady', timezone: 'Pacific/Auckland', role: 'user' },
    'basic',
    Date.now(),
  );
  // NOW (12:00 UTC on 20 November) is 01:00 on 21 November in Auckland: the 21st has no calls yet.
  await reportAll(
    t,
    DAYS.flatMap(({ date, calls }) =>
      Array.from({ length: calls }, () => geminiCall('steady', aucklandMorning(date))),
    ),
  );
  token = await t.tokenFor('steady');
});
afterAll(() => t.close());

async function get(path: string) {
  const res = await call(t.url, path, { token });
  expect(res.status, path).toBe(200);
  return res.body;
}

/** What the forecast says for the seeded days, each call costing `callNano`. */
function expectedForecast(callNano: number) {
  const daily: DailyValue[] = DAYS.map(({ date, calls }) => ({ date, value: calls * callNano }));
  return forecastPeriod({ period: '2026-11', timezone: 'Pacific/Auckland', now: NOW, daily });
}

describe('forecasts on the dashboard', () => {
  it('projects the month from the seeded daily history, with its range and cap run-out', async () => {
    const dashboard = dashboardDataSchema.parse(await get('/api/billing/dashboard/steady'));
    const usage = dashboard.current_usage;
    const novemberCalls = DAYS.filter((d) => d.date.startsWith('2026-11')).reduce((s, d) => s + d.calls, 0);
    expect(usage.total_calls).toBe(novemberCalls);
    const callNano = Math.round((usage.total_cost * 1e9) / novemberCalls);
    const expected = expectedForecast(callNano);

    const p = dashboard.projections;
    expect(p.forecast_basis).toBe('history');
    expect(p.forecast_history_days).toBe(28);
    expect(p.projected_monthly_cost).toBeCloseTo(expected.central / 1e9, 9);
    expect(p.projected_monthly_cost_low).toBeCloseTo((expected.low as number) / 1e9, 9);
    expect(p.projected_monthly_cost_high).toBeCloseTo((expected.high as number) / 1e9, 9);
    expect(p.projected_monthly_cost_low).toBeLessThan(p.projected_monthly_cost);
    expect(p.projected_monthly_cost_high).toBeGreaterThan(p.projected_monthly_cost);

    // The basic plan caps Gemini at 1,000 calls: the forecast of calls stays far below it.
    const gemini = p.limit_forecasts?.find((f) => f.metric === 'gemini_calls');
    const callForecast = forecastPeriod({
      period: '2026-11',
      timezone: 'Pacific/Auckland',
      now: NOW,
      daily: DAYS.map(({ date, calls }) => ({ date, value: calls })),
    });
    expect(gemini).toMatchObject({
      limit: 1000,
      used: novemberCalls,
      projected: Math.round(callForecast.central),
      reached: false,
    });
    expect(gemini?.limit_date).toBeUndefined();
    // Every call is Gemini's: the total calls forecast (the trends band for calls) is the same one.
    expect(p.calls_forecast).toEqual({
      projected: Math.round(callForecast.central),
      projected_low: Math.round(callForecast.low as number),
      projected_high: Math.round(callForecast.high as number),
    });
    // A cap between today's total and the forecast is reached this month, on the day the path says.
    const cap = (novemberCalls + callForecast.central) / 2;
    expect(runOutOf(callForecast, cap, '2026-11-21').date).toMatch(/^2026-11-(2[1-9]|30)$/);

    expect(p.provider_forecasts).toEqual([
      {
        provider: 'gemini',
        projected: p.projected_monthly_cost,
        projected_low: p.projected_monthly_cost_low,
        projected_high: p.projected_monthly_cost_high,
      },
    ]);
  });

  it('gives the provider drill-down its own forecast', async () => {
    const details = providerDetailsSchema.parse(await get('/api/billing/usage/steady/providers/gemini'));
    const dashboard = dashboardDataSchema.parse(await get('/api/billing/dashboard/steady'));
    expect(details.forecast).toEqual(dashboard.projections.provider_forecasts?.[0]);
    const tavily = providerDetailsSchema.parse(await get('/api/billing/usage/steady/providers/tavily'));
    expect(tavily.forecast).toEqual({ provider: 'tavily', projected: 0 });
  });
});
