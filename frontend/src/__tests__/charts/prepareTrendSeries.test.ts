import { describe, expect, it } from 'vitest';
import { prepareTrendSeries } from '../../charts/prepareTrendSeries.ts';
import { makeDashboard, makeTrends } from '../../test/fixtures.ts';
import { providerColors } from '../../theme/palette.ts';

const trends = makeTrends(12);
const { projections } = makeDashboard();

describe('prepareTrendSeries', () => {
  it('keeps the last N months of the range, oldest first', () => {
    const series = prepareTrendSeries(trends, { metric: 'cost', range: '3m' });
    expect(series.rows.map((r) => r.period)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(series.rows.map((r) => r.label)).toEqual(['Mar', 'Apr', 'May']);
  });

  it('shows every month there is when the range is longer than the data', () => {
    const series = prepareTrendSeries(makeTrends(4), { metric: 'calls', range: '12m' });
    expect(series.rows).toHaveLength(4);
  });

  it('takes totals and per-provider values of the chosen metric', () => {
    const series = prepareTrendSeries(trends, { metric: 'calls', range: '3m' });
    expect(series.rows.at(-1)).toMatchObject({ total: 1800, openai: 1200, anthropic: 600, gemini: 0 });
  });

  it('draws a line only for providers used in the range, in their colours', () => {
    const series = prepareTrendSeries(trends, { metric: 'cost', range: '6m' });
    expect(series.lines).toEqual([
      { provider: 'openai', label: 'OpenAI', color: providerColors.openai },
      { provider: 'anthropic', label: 'Anthropic', color: providerColors.anthropic },
    ]);
  });

  it('finds the peak month within the range', () => {
    expect(prepareTrendSeries(trends, { metric: 'cost', range: '12m' }).peak).toEqual({
      period: '2026-02',
      label: 'Feb',
      value: 90,
    });
    expect(prepareTrendSeries(trends, { metric: 'cost', range: '3m' }).peak?.period).toBe('2026-05');
  });

  it('has no peak when the range holds no usage', () => {
    const empty = { ...trends, total_cost: trends.total_cost.map(() => 0) };
    expect(prepareTrendSeries(empty, { metric: 'cost', range: '6m' }).peak).toBeNull();
  });

  it('keeps a missing value as a gap, never as zero', () => {
    const short = { ...trends, total_calls: trends.total_calls.slice(0, 10) };
    const series = prepareTrendSeries(short, { metric: 'calls', range: '12m' });
    expect(series.rows.at(-1)?.total).toBeNull();
    expect(series.rows.at(-3)?.total).not.toBeNull();
  });

  it('projects this month from the last complete month to the projected end value', () => {
    const series = prepareTrendSeries(trends, { metric: 'cost', range: '6m', projections });
    expect(series.projection).toEqual({ period: '2026-05', label: 'May', value: 45.37 });
    expect(series.rows.map((r) => r.projected)).toEqual([null, null, null, null, 20, 45.37]);
  });

  it('shades the forecast range from the last complete month to this month (cost only)', () => {
    const withRange = {
      ...projections,
      projected_monthly_cost_low: 38.5,
      projected_monthly_cost_high: 52.25,
    };
    const cost = prepareTrendSeries(trends, { metric: 'cost', range: '6m', projections: withRange });
    expect(cost.rows.map((r) => r.band)).toEqual([null, null, null, null, [20, 20], [38.5, 52.25]]);
    const calls = prepareTrendSeries(trends, { metric: 'calls', range: '6m', projections: withRange });
    expect(calls.rows.every((r) => r.band === null)).toBe(true);
    const noRange = prepareTrendSeries(trends, { metric: 'cost', range: '6m', projections });
    expect(noRange.rows.every((r) => r.band === null)).toBe(true);
  });

  it('shades the calls and tokens forecasts with their ranges', () => {
    const withForecasts = {
      ...projections,
      calls_forecast: { projected: 900, projected_low: 800, projected_high: 1000 },
      tokens_forecast: { projected: 400_000 },
    };
    const calls = prepareTrendSeries(trends, { metric: 'calls', range: '6m', projections: withForecasts });
    expect(calls.projection?.value).toBe(900);
    expect(calls.rows.at(-1)?.band).toEqual([800, 1000]);
    const tokens = prepareTrendSeries(trends, { metric: 'tokens', range: '6m', projections: withForecasts });
    expect(tokens.projection?.value).toBe(400_000);
    expect(tokens.rows.every((r) => r.band === null)).toBe(true);
  });

  it('projects calls and tokens by the elapsed share of the month without their forecasts', () => {
    const series = prepareTrendSeries(trends, { metric: 'tokens', range: '3m', projections });
    expect(series.projection?.value).toBe(Math.round(180_000 / projections.elapsed_fraction));
  });

  it('projects nothing when the projection is for another period', () => {
    const series = prepareTrendSeries(trends, {
      metric: 'cost',
      range: '6m',
      projections: { ...projections, billing_period: '2026-06' },
    });
    expect(series.projection).toBeNull();
    expect(series.rows.every((r) => r.projected === null)).toBe(true);
  });
});
