import {
  type CostProjections,
  LIMIT_KEYS,
  type LimitForecast,
  type LimitKey,
  type PlanLimits,
  type Provider,
  type ProviderForecast,
  parseLimitKey,
  type TotalForecast,
} from '@spendscope/contracts';
import type { DailyProviderTotals } from '../db/dailyHistory.ts';
import { type DailyValue, forecastPeriod, type PeriodForecast, runOutOf } from './forecast.ts';
import { percentOf, UNLIMITED } from './limits.ts';
import { dollarsToNano, nanoToDollars } from './money.ts';
import { daysInPeriod, localDateOf, periodBounds } from './periods.ts';

/**
 * A period's projections: the forecast of its spend (central, P10–P90, the cost cap's run-out dates),
 * the forecast of every other capped limit and of each provider's cost, from the user's daily rollups
 * (the trailing weeks and the period so far), plus the period's elapsed fraction and run rate.
 */
export function projectCosts(options: {
  period: string;
  timezone: string;
  now: Date;
  costSoFarNano: number;
  limits: PlanLimits;
  /** Daily rollups per provider: the trailing weeks before today and the period so far. */
  daily: readonly DailyProviderTotals[];
}): CostProjections {
  const { period, timezone, now, costSoFarNano, limits, daily } = options;
  const { start, end } = periodBounds(period, timezone);
  const totalMs = end.getTime() - start.getTime();
  const elapsedMs = Math.min(totalMs, Math.max(0, now.getTime() - start.getTime()));
  const fraction = elapsedMs / totalMs;
  const days = daysInPeriod(period);
  const elapsedDays = fraction * days;
  const today = localDateOf(Math.min(now.getTime(), end.getTime() - 1), timezone);
  const forecastOf = (series: DailyValue[]) => forecastPeriod({ period, timezone, now, daily: series });

  const cost = forecastOf(seriesOf(daily, (row) => row.cost_nano));
  const costLimit = limits.monthly_cost;
  const central = nanoToDollars(Math.round(cost.central));
  const projection: CostProjections = {
    projected_monthly_cost: central,
    cost_limit: costLimit,
    projected_usage_percentage: costLimit === UNLIMITED ? 0 : round2(percentOf(central, costLimit)),
    billing_period: period,
    cost_so_far: nanoToDollars(costSoFarNano),
    days_in_period: days,
    elapsed_fraction: fraction,
    daily_run_rate: nanoToDollars(elapsedDays > 0 ? Math.round(costSoFarNano / elapsedDays) : 0),
    forecast_basis: cost.basis,
    forecast_history_days: cost.historyDays,
  };
  if (cost.low !== undefined && cost.high !== undefined) {
    projection.projected_monthly_cost_low = nanoToDollars(Math.round(cost.low));
    projection.projected_monthly_cost_high = nanoToDollars(Math.round(cost.high));
  }

  const limitForecasts = LIMIT_KEYS.filter((key) => limits[key] > 0).map((key) =>
    limitForecastOf({
      key,
      limit: limits[key],
      forecast: key === 'monthly_cost' ? cost : forecastOf(seriesOf(daily, measureOf(key))),
      today,
    }),
  );
  const costCap = limitForecasts.find((f) => f.metric === 'monthly_cost');
  if (costCap?.limit_date) projection.projected_limit_date = costCap.limit_date;
  if (costCap?.limit_date_earliest) projection.projected_limit_date_earliest = costCap.limit_date_earliest;
  if (costCap?.limit_date_latest) projection.projected_limit_date_latest = costCap.limit_date_latest;
  if (limitForecasts.length > 0) projection.limit_forecasts = limitForecasts.sort(byRunOut);

  const providers = [...new Set(daily.map((row) => row.provider))] as Provider[];
  const providerForecasts = providers
    .map((provider) =>
      providerForecastOf(
        provider,
        forecastOf(seriesOf(daily, (row) => (row.provider === provider ? row.cost_nano : 0))),
      ),
    )
    .sort((a, b) => b.projected - a.projected || a.provider.localeCompare(b.provider));
  if (providerForecasts.length > 0) projection.provider_forecasts = providerForecasts;
  projection.calls_forecast = totalForecastOf(forecastOf(seriesOf(daily, (row) => row.calls)));
  projection.tokens_forecast = totalForecastOf(forecastOf(seriesOf(daily, (row) => row.tokens)));
  return projection;
}

/** A provider's cost forecast in dollars. */
export function providerForecastOf(provider: Provider, forecast: PeriodForecast): ProviderForecast {
  const result: ProviderForecast = { provider, projected: nanoToDollars(Math.round(forecast.central)) };
  if (forecast.low !== undefined) result.projected_low = nanoToDollars(Math.round(forecast.low));
  if (forecast.high !== undefined) result.projected_high = nanoToDollars(Math.round(forecast.high));
  return result;
}

/** A forecast of whole calls or tokens. */
function totalForecastOf(forecast: PeriodForecast): TotalForecast {
  const result: TotalForecast = { projected: Math.round(forecast.central) };
  if (forecast.low !== undefined) result.projected_low = Math.round(forecast.low);
  if (forecast.high !== undefined) result.projected_high = Math.round(forecast.high);
  return result;
}

/** The daily series of one measure, summed over the rows of each day. */
export function seriesOf(
  daily: readonly DailyProviderTotals[],
  measure: (row: DailyProviderTotals) => number,
): DailyValue[] {
  return daily.map((row) => ({ date: row.day, value: measure(row) }));
}

function measureOf(key: Exclude<LimitKey, 'monthly_cost'>): (row: DailyProviderTotals) => number {
  const { provider, kind } = parseLimitKey(key);
  if (provider === null) return () => 0;
  return (row) => (row.provider === provider ? row[kind] : 0);
}

function limitForecastOf(options: {
  key: LimitKey;
  limit: number;
  forecast: PeriodForecast;
  today: string;
}): LimitForecast {
  const { key, limit, forecast, today } = options;
  const isCost = key === 'monthly_cost';
  // Cost forecasts run in nano-dollars; the cap and the reply are in dollars.
  const toUnit = (value: number) => (isCost ? nanoToDollars(Math.round(value)) : Math.round(value));
  const runOut = runOutOf(forecast, isCost ? dollarsToNano(limit) : limit, today);
  const result: LimitForecast = {
    metric: key,
    limit,
    used: toUnit(forecast.soFar),
    projected: toUnit(forecast.central),
    reached: runOut.reached,
  };
  if (forecast.low !== undefined) result.projected_low = toUnit(forecast.low);
  if (forecast.high !== undefined) result.projected_high = toUnit(forecast.high);
  if (runOut.date) result.limit_date = runOut.date;
  if (runOut.earliest) result.limit_date_earliest = runOut.earliest;
  if (runOut.latest) result.limit_date_latest = runOut.latest;
  return result;
}

/** Nearest run-out first: by central date, then earliest date; limits not forecast to run out last. */
function byRunOut(a: LimitForecast, b: LimitForecast): number {
  const keyOf = (f: LimitForecast) => `${f.limit_date ?? '9999'}|${f.limit_date_earliest ?? '9999'}`;
  return keyOf(a).localeCompare(keyOf(b)) || LIMIT_KEYS.indexOf(a.metric) - LIMIT_KEYS.indexOf(b.metric);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
