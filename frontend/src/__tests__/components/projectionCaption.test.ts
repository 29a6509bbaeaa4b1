import type { CostProjections } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { projectionCaption } from '../../components/billing/projectionCaption.ts';

const base: CostProjections = {
  projected_monthly_cost: 45.37,
  cost_limit: 50,
  projected_usage_percentage: 90.74,
  billing_period: '2026-11',
  cost_so_far: 21.95,
  days_in_period: 30,
  elapsed_fraction: 0.5,
  daily_run_rate: 1.46,
};

describe('projectionCaption', () => {
  it('gives the range and the days the nearest cap is reached between', () => {
    const caption = projectionCaption({
      ...base,
      forecast_basis: 'history',
      projected_monthly_cost_low: 40,
      projected_monthly_cost_high: 52.5,
      limit_forecasts: [
        {
          metric: 'monthly_cost',
          limit: 50,
          used: 21.95,
          projected: 45.37,
          reached: false,
          limit_date_earliest: '2026-11-19',
          limit_date_latest: '2026-11-23',
          limit_date: '2026-11-21',
        },
      ],
    });
    expect(caption).toBe(
      'likely $40.00–$52.50 · 91% of the $50.00 cap · reaches its $50.00 cost cap between Nov 19 and Nov 23',
    );
  });

  it('names a call cap and says when it is already reached', () => {
    const caption = projectionCaption({
      ...base,
      cost_limit: -1,
      projected_usage_percentage: 0,
      forecast_basis: 'history',
      projected_monthly_cost_low: 40,
      projected_monthly_cost_high: 50,
      limit_forecasts: [
        {
          metric: 'gemini_calls',
          limit: 1000,
          used: 1000,
          projected: 1500,
          reached: true,
          limit_date: '2026-11-15',
        },
      ],
    });
    expect(caption).toBe('likely $40.00–$50.00 · $1.46 per day so far · 1,000 gemini calls cap reached');
  });

  it('says there is not enough history instead of a range', () => {
    const caption = projectionCaption({
      ...base,
      forecast_basis: 'insufficient_history',
      forecast_history_days: 1,
    });
    expect(caption).toBe('not enough history for a range · 91% of the $50.00 cap');
  });
});
