import type { CostProjections, LimitForecast } from '@spendscope/contracts';
import { formatCurrency, formatDay, formatInteger, formatPercent } from '../../lib/format.ts';

/** `monthly_cost` → `$50.00 cost cap`, `gemini_calls` → `1,000 gemini calls cap`. */
function capName(forecast: LimitForecast): string {
  if (forecast.metric === 'monthly_cost') return `${formatCurrency(forecast.limit)} cost cap`;
  const [provider, kind] = forecast.metric.split('_');
  return `${formatInteger(forecast.limit)} ${provider} ${kind} cap`;
}

/** When the nearest cap runs out: reached, a range of days, or one day. */
export function nearestRunOut(projections: CostProjections): string | undefined {
  const nearest = projections.limit_forecasts?.find(
    (f) => f.reached || f.limit_date || f.limit_date_earliest,
  );
  if (!nearest) return undefined;
  const cap = capName(nearest);
  if (nearest.reached) return `${cap} reached`;
  const { limit_date_earliest: earliest, limit_date_latest: latest, limit_date: central } = nearest;
  if (earliest && latest && earliest !== latest) {
    return `reaches its ${cap} between ${formatDay(earliest)} and ${formatDay(latest)}`;
  }
  if (central) return `reaches its ${cap} on ${formatDay(central)}`;
  return `may reach its ${cap} from ${formatDay(earliest as string)}`;
}

/** The range of the forecast, or why there is none. */
export function forecastRange(projections: CostProjections): string | undefined {
  if (projections.forecast_basis === 'insufficient_history') return 'not enough history for a range';
  const { projected_monthly_cost_low: low, projected_monthly_cost_high: high } = projections;
  if (low === undefined || high === undefined || projections.forecast_basis === 'closed') return undefined;
  return `likely ${formatCurrency(low)}–${formatCurrency(high)}`;
}

/** The caption under the projected spend: range, then the cap's share or pace, then the nearest run-out. */
export function projectionCaption(projections: CostProjections): string {
  const pace =
    projections.cost_limit <= 0
      ? `${formatCurrency(projections.daily_run_rate)} per day so far`
      : `${formatPercent(projections.projected_usage_percentage, 0)} of the ${formatCurrency(projections.cost_limit)} cap`;
  const runOut =
    nearestRunOut(projections) ??
    (projections.projected_limit_date ? `cap reached ${projections.projected_limit_date}` : undefined);
  return [forecastRange(projections), pace, runOut].filter(Boolean).join(' · ');
}
