import type { LimitForecast } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertCandidate } from '../db/alerts.ts';
import type { DailyProviderTotals } from '../db/dailyHistory.ts';
import { anomalyAlerts, projectedLimitAlerts, unpricedModelAlerts } from './forecastAlerts.ts';

const NANO = 1_000_000_000;

function costForecast(projected: number, extra: Partial<LimitForecast> = {}): LimitForecast {
  return { metric: 'monthly_cost', limit: 50, used: 20, projected, reached: false, ...extra };
}

/** The alert store's unique key, as a set: what a sequence of evaluations would have stored. */
function store() {
  const keys = new Set<string>();
  return {
    insert(candidates: readonly AlertCandidate[]): AlertCandidate[] {
      return candidates.filter((c) => {
        const key = `${c.user_id}|${c.billing_period}|${c.metric}|${c.threshold}`;
        if (keys.has(key)) return false;
        keys.add(key);
        return true;
      });
    },
  };
}

function projected(value: number, hasHistory = true) {
  return projectedLimitAlerts({
    userId: 'u1',
    period: '2026-12',
    hasHistory,
    forecasts: [costForecast(value, { projected_low: value * 0.8, projected_high: value * 1.2 })],
  });
}

describe('projectedLimitAlerts', () => {
  it('raises "projected to exceed" once the central forecast is 10 % above the cap', () => {
    expect(projected(54.9)).toEqual([]);
    const [alert] = projected(56);
    expect(alert).toMatchObject({
      metric: 'forecast:monthly_cost',
      threshold: 100,
      type: 'projected_limit',
      severity: 'warning',
      title: 'Monthly cost projected to exceed your limit',
    });
    expect(alert?.message).toContain('$56.00');
    expect(alert?.message).toContain('$50.00');
  });

  it('raises once per period for a forecast wobbling around the cap (hysteresis)', () => {
    const alerts = store();
    const created = [49, 51, 54, 49.5, 56, 48, 57, 53, 60].flatMap((value) =>
      alerts.insert(projected(value)),
    );
    expect(created.map((a) => a.metric)).toEqual(['forecast:monthly_cost']);
  });

  it('never raises for a forecast that wobbles within the margin of the cap', () => {
    const alerts = store();
    expect([49, 51, 54.5, 50, 52].flatMap((v) => alerts.insert(projected(v)))).toEqual([]);
  });

  it('raises nothing without history or once the cap is reached', () => {
    expect(projected(80, false)).toEqual([]);
    expect(
      projectedLimitAlerts({
        userId: 'u1',
        period: '2026-12',
        hasHistory: true,
        forecasts: [costForecast(80, { used: 51, reached: true })],
      }),
    ).toEqual([]);
  });

  it('names the provider of a call cap', () => {
    const [alert] = projectedLimitAlerts({
      userId: 'u1',
      period: '2026-12',
      hasHistory: true,
      forecasts: [{ metric: 'openai_calls', limit: 1000, used: 400, projected: 1500, reached: false }],
    });
    expect(alert).toMatchObject({ metric: 'forecast:openai_calls', provider: 'openai' });
  });
});

function day(date: string, cost: number, calls = 100, errors = 0, provider = 'openai'): DailyProviderTotals {
  return { day: date, provider, calls, errors, unpriced_calls: 0, tokens: 0, cost_nano: cost };
}

/** 28 days of November at about $2 a day, 100 calls a day, 1 % errors. */
function steadyNovember(): DailyProviderTotals[] {
  return Array.from({ length: 28 }, (_, i) => {
    const date = `2026-11-${String(i + 3).padStart(2, '0')}`;
    return day(date, (2 + ((i % 5) - 2) * 0.1) * NANO, 100, 1);
  });
}

describe('anomalyAlerts', () => {
  const dates = ['2026-11-30', '2026-12-01'];

  it('raises nothing for a day like the ones before it', () => {
    const daily = [...steadyNovember(), day('2026-12-01', 2.1 * NANO, 100, 1)];
    expect(anomalyAlerts({ userId: 'u1', dates, daily })).toEqual([]);
  });

  it('raises a daily-spend anomaly for a spike, once however often it is evaluated', () => {
    const daily = [...steadyNovember(), day('2026-12-01', 12 * NANO, 100, 1)];
    const alerts = store();
    const created = [1, 2, 3].flatMap(() => alerts.insert(anomalyAlerts({ userId: 'u1', dates, daily })));
    expect(created.map((a) => [a.metric, a.billing_period, a.type])).toEqual([
      ['anomaly:daily_cost:2026-12-01', '2026-12', 'anomaly'],
      ['anomaly:cost_per_call:2026-12-01', '2026-12', 'anomaly'],
    ]);
    expect(created[0]?.message).toContain('$12.00');
  });

  it('raises a cost-per-call anomaly when calls get dearer but spend does not double', () => {
    const daily = [...steadyNovember(), day('2026-12-01', 1.9 * NANO, 20, 0)];
    const metrics = anomalyAlerts({ userId: 'u1', dates, daily }).map((a) => a.metric);
    expect(metrics).toEqual(['anomaly:cost_per_call:2026-12-01']);
  });

  it('raises an error-rate spike per provider', () => {
    const daily = [...steadyNovember(), day('2026-12-01', 2 * NANO, 100, 40)];
    const [alert, ...rest] = anomalyAlerts({ userId: 'u1', dates, daily });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ metric: 'anomaly:error_rate:openai:2026-12-01', provider: 'openai' });
    expect(alert?.message).toContain('40%');
  });

  it('claims no spend anomaly with under a week of history or under $1', () => {
    const short = [day('2026-11-29', NANO), day('2026-11-30', NANO), day('2026-12-01', 20 * NANO)];
    expect(anomalyAlerts({ userId: 'u1', dates, daily: short })).toEqual([]);
    const tiny = steadyNovember().map((d) => ({ ...d, cost_nano: d.cost_nano / 100 }));
    tiny.push(day('2026-12-01', 0.5 * NANO, 100, 1));
    expect(anomalyAlerts({ userId: 'u1', dates, daily: tiny }).map((a) => a.metric)).not.toContain(
      'anomaly:daily_cost:2026-12-01',
    );
  });
});

describe('unpricedModelAlerts', () => {
  it('raises one notice per model without a price', () => {
    const alerts = unpricedModelAlerts({
      userId: 'u1',
      period: '2026-12',
      models: [
        { provider: 'openai', model: 'gpt-9-preview', unpriced_calls: 3 },
        { provider: 'mistral', model: 'mistral-next', unpriced_calls: 1 },
      ],
    });
    expect(alerts.map((a) => [a.metric, a.provider, a.type])).toEqual([
      ['unpriced:openai:gpt-9-preview', 'openai', 'unpriced_usage'],
      ['unpriced:mistral:mistral-next', 'mistral', 'unpriced_usage'],
    ]);
    expect(alerts[1]?.message).toContain('1 call in December 2026');
  });
});
