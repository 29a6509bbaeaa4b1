import { type LimitForecast, PROVIDER_LABELS, providerSchema } from '@spendscope/contracts';
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { AlertCandidate } from '../db/alerts.ts';
import type { DailyProviderTotals, UnpricedModel } from '../db/dailyHistory.ts';
import { amount, capitalize, describeMetric } from './alerts.ts';
import { nanoToDollars } from './money.ts';
import { periodName } from './periods.ts';

/**
 * The alert rules that read the forecast and the daily history rather than the period's totals: a cap
 * the central forecast is projected to exceed, a day far above the user's own baseline (spend, cost per
 * call, a provider's error rate), and each model used without a price. Pure: the caller reads the
 * history, and the alert store's unique key (user × period × metric × threshold) makes each once.
 * See docs/forecasting.md ("Alerts from the forecast").
 */

/** The central forecast must exceed a cap by this share before "projected to exceed" is raised. */
export const FORECAST_ALERT_MARGIN = 0.1;
/** The threshold under which every forecast alert is stored (the cap, in percent). */
export const FORECAST_ALERT_THRESHOLD = 100;
/** Metric prefixes of the alerts raised here. */
export const FORECAST_METRIC_PREFIX = 'forecast:';
export const ANOMALY_METRIC_PREFIX = 'anomaly:';
/** A day is anomalous past the baseline's median plus this many robust standard deviations. */
export const ANOMALY_SDS = 3.5;
/** …and at least this many times the baseline's median (a steady user has a MAD near 0). */
export const ANOMALY_MIN_RATIO = 2;
/** Completed days of history the cost baselines need (fewer: no anomaly is claimed). */
export const ANOMALY_MIN_BASELINE_DAYS = 7;
/** Days looked back at for a baseline (four weeks, like the forecast). */
export const ANOMALY_BASELINE_DAYS = 28;
/** A day's spend below this is never an anomaly, whatever the baseline (nano-dollars: $1). */
export const ANOMALY_MIN_DAILY_COST_NANO = 1_000_000_000;
/** Calls a day (or a provider's day) needs before its cost per call or error rate is judged. */
export const ANOMALY_MIN_CALLS = 20;
/** An error rate below this is never a spike (the health view's warning level is 5 %). */
export const ANOMALY_MIN_ERROR_RATE = 0.1;

/** 1.4826 × MAD estimates the standard deviation of normal data (Leys et al. 2013). */
const MAD_TO_SD = 1.4826;

/**
 * "Projected to exceed" alerts: one per capped limit whose central forecast is at least
 * FORECAST_ALERT_MARGIN above the cap, from a forecast with history (a first day's pace is not a
 * forecast), for caps not yet reached (those have their own alert). Stored under
 * `forecast:<limit>` × 100, so once per period: a forecast that falls back under the cap and crosses
 * it again raises nothing more, and one wobbling within the margin around the cap raises nothing.
 */
export function projectedLimitAlerts(options: {
  userId: string;
  period: string;
  hasHistory: boolean;
  forecasts: readonly LimitForecast[];
}): AlertCandidate[] {
  const { userId, period, forecasts } = options;
  if (!options.hasHistory) return [];
  const month = periodName(period);
  return forecasts
    .filter((f) => !f.reached && f.projected >= f.limit * (1 + FORECAST_ALERT_MARGIN))
    .map((f) => {
      const { provider, noun } = describeMetric(f.metric);
      const range =
        f.projected_low !== undefined && f.projected_high !== undefined
          ? ` (likely ${amount(f.metric, f.projected_low)}–${amount(f.metric, f.projected_high)})`
          : '';
      const when = f.limit_date ? ` It is forecast to reach the cap on ${f.limit_date}.` : '';
      return {
        user_id: userId,
        billing_period: period,
        metric: `${FORECAST_METRIC_PREFIX}${f.metric}`,
        threshold: FORECAST_ALERT_THRESHOLD,
        type: 'projected_limit',
        provider,
        severity: 'warning',
        title: `${capitalize(noun)} projected to exceed your limit`,
        message: `${month} is forecast to end at ${amount(f.metric, f.projected)} ${noun}${range}, above your limit of ${amount(f.metric, f.limit)}; ${amount(f.metric, f.used)} used so far.${when}`,
      } satisfies AlertCandidate;
    });
}

/** A baseline's centre and robust spread. */
export type Baseline = { median: number; spread: number; days: number };

/** Median and 1.4826 × MAD of a baseline's values; undefined when there are none. */
export function robustBaseline(values: readonly number[]): Baseline | undefined {
  if (values.length === 0) return undefined;
  return {
    median: median([...values]),
    spread: MAD_TO_SD * medianAbsoluteDeviation([...values]),
    days: values.length,
  };
}

/** The value past which a day is far above its baseline (see ANOMALY_SDS, ANOMALY_MIN_RATIO). */
export function anomalyBound(baseline: Baseline, floor: number): number {
  return Math.max(
    baseline.median + ANOMALY_SDS * baseline.spread,
    ANOMALY_MIN_RATIO * baseline.median,
    floor,
  );
}

type Day = { calls: number; errors: number; cost: number };

/**
 * Anomaly alerts for the days `dates` (today and yesterday, local): a day's spend or cost per call far
 * above the user's own baseline (the four weeks before it, from their first day with usage), and a
 * provider's error rate far above its own. Each is stored under `anomaly:<kind>[:<provider>]:<date>`
 * in the day's period, so it is raised once for that day however often it is evaluated.
 */
export function anomalyAlerts(options: {
  userId: string;
  dates: readonly string[];
  daily: readonly DailyProviderTotals[];
}): AlertCandidate[] {
  const { userId } = options;
  const total = new Map<string, Day>();
  const perProvider = new Map<string, Map<string, Day>>();
  for (const row of options.daily) {
    add(total, row.day, row);
    let days = perProvider.get(row.provider);
    if (!days) {
      days = new Map();
      perProvider.set(row.provider, days);
    }
    add(days, row.day, row);
  }
  const firstDay = [...total.entries()]
    .filter(([, d]) => d.calls > 0)
    .map(([date]) => date)
    .sort()[0];
  const alerts: AlertCandidate[] = [];
  for (const date of options.dates) {
    const day = total.get(date);
    if (!day || firstDay === undefined) continue;
    const before = baselineDates(date).filter((d) => d >= firstDay);
    const base = {
      user_id: userId,
      billing_period: date.slice(0, 7),
      threshold: 0,
      type: 'anomaly' as const,
    };

    const costBaseline =
      before.length >= ANOMALY_MIN_BASELINE_DAYS
        ? robustBaseline(before.map((d) => total.get(d)?.cost ?? 0))
        : undefined;
    if (costBaseline && day.cost > anomalyBound(costBaseline, ANOMALY_MIN_DAILY_COST_NANO)) {
      alerts.push({
        ...base,
        metric: `${ANOMALY_METRIC_PREFIX}daily_cost:${date}`,
        provider: null,
        severity: 'warning',
        title: `Unusual spend on ${date}`,
        message: `${dollars(day.cost)} spent on ${date}, against ${dollars(costBaseline.median)} on a typical day of the ${costBaseline.days} before it.`,
      });
    }

    const perCallDays = before.filter((d) => (total.get(d)?.calls ?? 0) > 0);
    const perCallBaseline =
      perCallDays.length >= ANOMALY_MIN_BASELINE_DAYS
        ? robustBaseline(perCallDays.map((d) => costPerCall(total.get(d)!)))
        : undefined;
    if (
      perCallBaseline &&
      day.calls >= ANOMALY_MIN_CALLS &&
      costPerCall(day) > anomalyBound(perCallBaseline, 0) &&
      costPerCall(day) > 0
    ) {
      alerts.push({
        ...base,
        metric: `${ANOMALY_METRIC_PREFIX}cost_per_call:${date}`,
        provider: null,
        severity: 'warning',
        title: `Calls cost more than usual on ${date}`,
        message: `A call cost ${dollars(costPerCall(day), 4)} on average on ${date} (${day.calls} calls), against ${dollars(perCallBaseline.median, 4)} on a typical day before it: a pricier model or longer prompts?`,
      });
    }

    for (const [name, days] of [...perProvider.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const provider = providerSchema.safeParse(name);
      const providerDay = days.get(date);
      if (!provider.success || !providerDay || providerDay.calls < ANOMALY_MIN_CALLS) continue;
      const rate = providerDay.errors / providerDay.calls;
      const rates = before.filter((d) => (days.get(d)?.calls ?? 0) > 0).map((d) => errorRate(days.get(d)!));
      const rateBaseline = robustBaseline(rates) ?? { median: 0, spread: 0, days: 0 };
      if (rate <= anomalyBound(rateBaseline, ANOMALY_MIN_ERROR_RATE)) continue;
      alerts.push({
        ...base,
        metric: `${ANOMALY_METRIC_PREFIX}error_rate:${provider.data}:${date}`,
        provider: provider.data,
        severity: 'warning',
        title: `${PROVIDER_LABELS[provider.data]} errors spiking on ${date}`,
        message: `${percent(rate)} of ${providerDay.calls} ${PROVIDER_LABELS[provider.data]} calls failed on ${date}, against ${percent(rateBaseline.median)} on a typical day before it.`,
      });
    }
  }
  return alerts;
}

/** One notice per model used without a price in a period: `unpriced:<provider>:<model>`. */
export function unpricedModelAlerts(options: {
  userId: string;
  period: string;
  models: readonly UnpricedModel[];
}): AlertCandidate[] {
  const month = periodName(options.period);
  return options.models.flatMap((m): AlertCandidate[] => {
    const provider = providerSchema.safeParse(m.provider);
    if (!provider.success) return [];
    const calls = m.unpriced_calls === 1 ? '1 call' : `${m.unpriced_calls} calls`;
    return [
      {
        user_id: options.userId,
        billing_period: options.period,
        metric: `unpriced:${provider.data}:${m.model}`,
        threshold: 0,
        type: 'unpriced_usage',
        provider: provider.data,
        severity: 'warning',
        title: `New model without a price: ${m.model}`,
        message: `${PROVIDER_LABELS[provider.data]} model "${m.model}" has no price: ${calls} in ${month} are counted at $0 until a price is added.`,
      },
    ];
  });
}

/** The completed days before `date` a baseline is made of, oldest first. */
function baselineDates(date: string): string[] {
  const dates: string[] = [];
  for (let i = ANOMALY_BASELINE_DAYS; i >= 1; i--) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - i);
    dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}

function add(days: Map<string, Day>, date: string, row: DailyProviderTotals): void {
  const day = days.get(date) ?? { calls: 0, errors: 0, cost: 0 };
  day.calls += row.calls;
  day.errors += row.errors;
  day.cost += row.cost_nano;
  days.set(date, day);
}

function costPerCall(day: Day): number {
  return day.calls > 0 ? day.cost / day.calls : 0;
}

function errorRate(day: Day): number {
  return day.calls > 0 ? day.errors / day.calls : 0;
}

function dollars(nano: number, digits = 2): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(nanoToDollars(Math.round(nano)));
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
