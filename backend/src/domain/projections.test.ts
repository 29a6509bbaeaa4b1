import { costProjectionsSchema, LIMIT_KEYS, type PlanLimits } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { DailyProviderTotals } from '../db/dailyHistory.ts';
import { projectCosts } from './projections.ts';

const NANO = 1e9;
const UNLIMITED_PLAN = Object.fromEntries(LIMIT_KEYS.map((k) => [k, -1])) as PlanLimits;

/** Every day from `from` (inclusive) to `to` (exclusive) with the same usage of one provider. */
function steadyDays(
  from: string,
  to: string,
  usage: { provider?: string; calls?: number; tokens?: number; dollars?: number },
): DailyProviderTotals[] {
  const rows: DailyProviderTotals[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d.toISOString().slice(0, 10) < to;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    rows.push({
      day: d.toISOString().slice(0, 10),
      provider: usage.provider ?? 'openai',
      calls: usage.calls ?? 10,
      errors: 0,
      unpriced_calls: 0,
      tokens: usage.tokens ?? 1000,
      cost_nano: Math.round((usage.dollars ?? 1) * NANO),
    });
  }
  return rows;
}

function project(options: {
  now: string;
  daily: DailyProviderTotals[];
  limits?: Partial<PlanLimits>;
  period?: string;
  timezone?: string;
}) {
  const period = options.period ?? options.now.slice(0, 7);
  const costSoFarNano = options.daily
    .filter((r) => r.day.startsWith(period))
    .reduce((s, r) => s + r.cost_nano, 0);
  const projection = projectCosts({
    period,
    timezone: options.timezone ?? 'UTC',
    now: new Date(options.now),
    costSoFarNano,
    limits: { ...UNLIMITED_PLAN, ...options.limits },
    daily: options.daily,
  });
  return costProjectionsSchema.parse(projection);
}

describe('projectCosts', () => {
  it('projects the month from the trailing weeks, not from the hours of the 1st', () => {
    // $1 a day through March; by 02:00 on 1 April $0.50 is spent (a busy early hour).
    const daily = [
      ...steadyDays('2026-03-01', '2026-04-01', {}),
      ...steadyDays('2026-04-01', '2026-04-02', { dollars: 0.5 }),
    ];
    const p = project({ now: '2026-04-01T02:00:00Z', daily });
    expect(p.forecast_basis).toBe('history');
    expect(p.forecast_history_days).toBe(28);
    // The ratio would say 0.5 ÷ (2 h / 30 days) = $180.
    expect(p.projected_monthly_cost).toBeCloseTo(0.5 + (22 / 24) * 1 + 29, 6);
    expect(p.elapsed_fraction).toBeCloseTo(2 / (30 * 24), 12);
    expect(p.cost_so_far).toBe(0.5);
  });

  it('gives the range and the cost cap run-out dates', () => {
    const daily = steadyDays('2026-03-01', '2026-04-15', {}).map((row, i) => ({
      ...row,
      cost_nano: (i % 2 === 0 ? 0.8 : 1.2) * NANO,
    }));
    const p = project({ now: '2026-04-15T00:00:00Z', daily, limits: { monthly_cost: 23.2 } });
    expect(p.projected_monthly_cost_low).toBeLessThan(p.projected_monthly_cost);
    expect(p.projected_monthly_cost_high).toBeGreaterThan(p.projected_monthly_cost);
    expect(p.projected_limit_date).toBe('2026-04-24');
    expect(p.projected_limit_date_earliest).toBe('2026-04-23');
    expect(p.projected_limit_date_latest).toBe('2026-04-26');
    expect(p.projected_usage_percentage).toBeCloseTo((p.projected_monthly_cost / 23.2) * 100, 1);
  });

  it('forecasts every capped limit, the nearest run-out first', () => {
    const daily = [
      ...steadyDays('2026-03-01', '2026-04-15', { provider: 'openai', calls: 10, tokens: 1000, dollars: 1 }),
      ...steadyDays('2026-03-01', '2026-04-15', { provider: 'tavily', calls: 4, tokens: 0, dollars: 0.1 }),
    ];
    const p = project({
      now: '2026-04-15T00:00:00Z',
      daily,
      limits: { monthly_cost: 100, openai_tokens: 20_000, tavily_calls: 100, openai_calls: 0 },
    });
    expect(p.limit_forecasts?.map((f) => f.metric)).toEqual([
      'openai_tokens',
      'tavily_calls',
      'monthly_cost',
    ]);
    const [tokens, tavily, cost] = p.limit_forecasts ?? [];
    expect(tavily).toMatchObject({ used: 56, projected: 120, reached: false, limit_date: '2026-04-25' });
    expect(tokens).toMatchObject({
      used: 14_000,
      projected: 30_000,
      reached: false,
      limit_date: '2026-04-20',
    });
    // openai_calls is 0 (not included): not a cap to forecast. Cost stays under its cap: last.
    expect(cost).toMatchObject({ metric: 'monthly_cost', projected: 33, reached: false });
    expect(cost?.limit_date).toBeUndefined();
    expect(p.projected_limit_date).toBeUndefined();
  });

  it('says a cap already reached is reached today', () => {
    const daily = steadyDays('2026-03-01', '2026-04-11', { dollars: 5 });
    const p = project({ now: '2026-04-11T08:00:00Z', daily, limits: { monthly_cost: 50 } });
    expect(p.projected_limit_date).toBe('2026-04-11');
    expect(p.limit_forecasts?.[0]).toMatchObject({
      metric: 'monthly_cost',
      reached: true,
      limit_date: '2026-04-11',
    });
  });

  it('forecasts each provider, most expensive first', () => {
    const daily = [
      ...steadyDays('2026-03-01', '2026-04-15', { provider: 'tavily', dollars: 0.1 }),
      ...steadyDays('2026-03-01', '2026-04-15', { provider: 'anthropic', dollars: 2 }),
    ];
    const p = project({ now: '2026-04-15T00:00:00Z', daily });
    expect(p.provider_forecasts?.map((f) => [f.provider, f.projected])).toEqual([
      ['anthropic', 60],
      ['tavily', 3],
    ]);
    expect(p.projected_monthly_cost).toBeCloseTo(63, 6);
  });

  it('gives no range for a new user and says why', () => {
    const p = project({
      now: '2026-04-01T20:00:00Z',
      daily: steadyDays('2026-04-01', '2026-04-02', { dollars: 9 }),
    });
    expect(p.forecast_basis).toBe('insufficient_history');
    expect(p.projected_monthly_cost_low).toBeUndefined();
    expect(p.projected_monthly_cost_high).toBeUndefined();
  });

  it('projects a past period at what it cost', () => {
    const daily = steadyDays('2026-04-01', '2026-05-01', { dollars: 0.5 });
    const p = project({
      now: '2026-05-10T00:00:00Z',
      period: '2026-04',
      daily,
      limits: { monthly_cost: 50 },
    });
    expect(p.forecast_basis).toBe('closed');
    expect(p.elapsed_fraction).toBe(1);
    expect(p.projected_monthly_cost).toBe(15);
    expect(p.projected_usage_percentage).toBe(30);
    expect(p.projected_limit_date).toBeUndefined();
  });

  it('measures the elapsed part and the run rate in the user timezone', () => {
    // 2026-02-28T20:00Z is 05:00 on 1 March in Tokyo: five hours into a 31-day month.
    const p = project({
      now: '2026-02-28T20:00:00Z',
      period: '2026-03',
      timezone: 'Asia/Tokyo',
      daily: steadyDays('2026-03-01', '2026-03-02', { dollars: 1 }),
    });
    expect(p.days_in_period).toBe(31);
    expect(p.elapsed_fraction).toBeCloseTo(5 / (31 * 24), 12);
    expect(p.daily_run_rate).toBeCloseTo(24 / 5, 6);
  });

  it('gives no percentage and no run-out day without a cap', () => {
    const p = project({
      now: '2026-04-10T00:00:00Z',
      daily: steadyDays('2026-03-01', '2026-04-10', { dollars: 100 }),
    });
    expect(p.projected_usage_percentage).toBe(0);
    expect(p.projected_limit_date).toBeUndefined();
    expect(p.limit_forecasts).toBeUndefined();
  });
});
