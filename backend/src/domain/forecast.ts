import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import {
  linearRegression,
  mean,
  median,
  medianAbsoluteDeviation,
  probit,
  sampleStandardDeviation,
  sum,
} from 'simple-statistics';
import { remember } from '../boundedCache.ts';
import { datesOfPeriod, localDateOf, periodBounds } from './periods.ts';

/**
 * The forecast of a period's end from a user's daily history — see docs/forecasting.md for the method
 * and why. In short: the trailing weeks of completed days, divided by a weekday index, give a level and
 * a damped linear trend; the rest of the period is that level and trend times each remaining day's
 * weekday index, added to what is already spent; the range is a normal prediction interval from the
 * spread of the days around the fit (day-to-day noise plus the uncertainty of the level).
 */

/** Completed days looked back at (four whole weeks, so every weekday counts four times). */
export const FORECAST_WINDOW_DAYS = 28;
/** Fewer completed days than this and there is no spread to measure: "not enough history". */
export const FORECAST_MIN_HISTORY_DAYS = 3;
/** Days needed before the weekday index and the trend are estimated (two of each weekday). */
export const FORECAST_PATTERN_MIN_DAYS = 14;
/** Damping of the trend per day ahead (Gardner & McKenzie): the trend fades instead of running away. */
export const FORECAST_TREND_DAMPING = 0.95;
/** The range is the central 80 %: P10 to P90. */
export const FORECAST_RANGE_LEVEL = 0.8;
/** A day further than this many robust standard deviations (1.4826 × MAD) from the median is an outlier. */
export const FORECAST_OUTLIER_SDS = 3.5;
/** Outliers are clipped only while they are rare: past this share of days they are the pattern. */
const OUTLIER_MAX_SHARE = 0.1;

const Z = probit(0.5 + FORECAST_RANGE_LEVEL / 2);

/** One local day of a metric (cost in nano-dollars, calls, tokens): the days without usage may be left out. */
export type DailyValue = { date: string; value: number };

/** Cumulative value of the period by the end of one local day, central and spread. */
export type ForecastStep = { date: string; mean: number; sd: number };

export type ForecastBasis = 'history' | 'insufficient_history' | 'closed';

export type PeriodForecast = {
  basis: ForecastBasis;
  /** Completed days the forecast learned from (0 to FORECAST_WINDOW_DAYS). */
  historyDays: number;
  /** What is already used in the period, today's part included. */
  soFar: number;
  /** Central forecast of the period's total. */
  central: number;
  /** P10 and P90 of the period's total; absent without enough history. */
  low?: number;
  high?: number;
  /** From today to the period's last day: the cumulative total by the end of each day. */
  path: ForecastStep[];
};

export type RunOut = {
  /** The cap is already reached (every date is then today). */
  reached: boolean;
  /** The day the central forecast reaches the cap; absent if it stays under it this period. */
  date?: string;
  /** The day the P90 path reaches it: the earliest plausible day. */
  earliest?: string;
  /** The day the P10 path reaches it; absent when it may well not be reached this period. */
  latest?: string;
};

/**
 * Forecasts a period's total of one metric at `now`, in the user's timezone, from its daily values
 * (any period; the days before the first one with usage do not count as history).
 */
export function forecastPeriod(options: {
  period: string;
  timezone: string;
  now: Date;
  daily: readonly DailyValue[];
}): PeriodForecast {
  const { period, timezone, now } = options;
  const byDate = new Map<string, number>();
  for (const { date, value } of options.daily) byDate.set(date, (byDate.get(date) ?? 0) + value);
  const today = localDateOf(now.getTime(), timezone);
  const periodDates = datesOfPeriod(period);
  const soFar = sum(periodDates.filter((d) => d <= today).map((d) => byDate.get(d) ?? 0));
  const remaining = periodDates.filter((d) => d >= today);
  const { end } = periodBounds(period, timezone);
  if (now.getTime() >= end.getTime() || remaining.length === 0) {
    return { basis: 'closed', historyDays: 0, soFar, central: soFar, low: soFar, high: soFar, path: [] };
  }

  const history = historyBefore(today, byDate);
  // The part of today still to come (1 when the period has not started yet).
  const todayLeft = remaining[0] === today ? 1 - fractionOfDayElapsed(today, timezone, now) : 1;
  if (history.length < FORECAST_MIN_HISTORY_DAYS) {
    const todayValue = remaining[0] === today ? (byDate.get(today) ?? 0) : 0;
    return insufficientHistory({ soFar, remaining, todayLeft, todayValue, history });
  }

  const model = fitDaily(history);
  const path: ForecastStep[] = [];
  let cumulative = soFar;
  let noiseVariance = 0;
  let weightOfLevel = 0;
  let weightOfTrend = 0;
  // Σ φ^i for i = 1..step+1: how many days of trend the day `step` days after the last fitted one
  // carries, summed as the days go.
  let ahead = 0;
  remaining.forEach((date, step) => {
    const weight = (step === 0 ? todayLeft : 1) * (model.weekdayIndex[weekdayOf(date)] ?? 1);
    ahead += FORECAST_TREND_DAMPING ** (step + 1);
    cumulative += Math.max(0, model.level + model.trend * ahead) * weight;
    noiseVariance += (model.sd * weight) ** 2;
    // The fitted line's own uncertainty at the day forecast: its mean (σ²/n) and, with a trend, its
    // slope (σ²/Sxx) times the distance from the fitted days' centre.
    weightOfLevel += weight;
    weightOfTrend += weight * (model.lastFromCentre + ahead);
    const lineVariance =
      model.sd ** 2 *
      (weightOfLevel ** 2 / history.length + (model.sxx > 0 ? weightOfTrend ** 2 / model.sxx : 0));
    path.push({ date, mean: cumulative, sd: Math.sqrt(noiseVariance + lineVariance) });
  });
  const last = path[path.length - 1] as ForecastStep;
  return {
    basis: 'history',
    historyDays: history.length,
    soFar,
    central: last.mean,
    low: Math.max(soFar, last.mean - Z * last.sd),
    high: last.mean + Z * last.sd,
    path,
  };
}

/** When a forecast reaches `cap`: central, earliest (P90 path) and latest (P10 path) local days. */
export function runOutOf(forecast: PeriodForecast, cap: number, today: string): RunOut {
  if (forecast.soFar >= cap) return { reached: true, date: today, earliest: today, latest: today };
  const runOut: RunOut = { reached: false };
  const central = forecast.path.find((s) => s.mean >= cap);
  if (central) runOut.date = central.date;
  if (forecast.basis !== 'history') return runOut;
  const earliest = forecast.path.find((s) => s.mean + Z * s.sd >= cap);
  const latest = forecast.path.find((s) => s.mean - Z * s.sd >= cap);
  if (earliest) runOut.earliest = earliest.date;
  if (latest) runOut.latest = latest.date;
  return runOut;
}

type DailyModel = {
  level: number;
  trend: number;
  sd: number;
  weekdayIndex: number[];
  /** Σ (x − x̄)² of the fitted days, 0 without a trend. */
  sxx: number;
  /** The last fitted day's distance from the fitted days' centre. */
  lastFromCentre: number;
};

/**
 * Fits the completed days (oldest first): a multiplicative weekday index (classical decomposition,
 * shrunk toward 1), then a least-squares line through the adjusted days, read at the last day.
 */
function fitDaily(history: readonly DailyValue[]): DailyModel {
  const values = history.map((d) => d.value);
  // The index, level and trend come from the clipped days, so that one spike does not become a month
  // of them; the spread comes from the days as they were, so that a spiky user gets a wide range.
  const clipped = clipOutliers(values);
  const hasPattern = history.length >= FORECAST_PATTERN_MIN_DAYS;
  const weekdayIndex = hasPattern ? weekdayIndexOf(history, clipped) : Array<number>(7).fill(1);
  const indexOf = (i: number) => weekdayIndex[weekdayOf((history[i] as DailyValue).date)] as number;
  const adjusted = values.map((v, i) => v / indexOf(i));
  const adjustedClipped = clipped.map((v, i) => v / indexOf(i));
  if (!hasPattern) {
    return {
      level: mean(adjustedClipped),
      trend: 0,
      sd: sampleStandardDeviation(adjusted),
      weekdayIndex,
      sxx: 0,
      lastFromCentre: 0,
    };
  }
  const line = linearRegression(adjustedClipped.map((y, x) => [x, y]));
  const residuals = adjusted.map((y, x) => y - (line.b + line.m * x));
  const lastX = adjusted.length - 1;
  return {
    level: line.b + line.m * lastX,
    trend: line.m,
    // Two parameters were fitted: n − 2 degrees of freedom.
    sd: Math.sqrt(sum(residuals.map((r) => r * r)) / (residuals.length - 2)),
    weekdayIndex,
    sxx: sum(adjusted.map((_y, x) => (x - lastX / 2) ** 2)),
    lastFromCentre: lastX / 2,
  };
}

/** Hampel-style clipping to median ± FORECAST_OUTLIER_SDS robust deviations, while outliers are rare. */
function clipOutliers(values: readonly number[]): number[] {
  const centre = median([...values]);
  const spread = 1.4826 * medianAbsoluteDeviation([...values]);
  const lowest = centre - FORECAST_OUTLIER_SDS * spread;
  const highest = centre + FORECAST_OUTLIER_SDS * spread;
  const outliers = values.filter((v) => v < lowest || v > highest).length;
  if (outliers === 0 || outliers > OUTLIER_MAX_SHARE * values.length) return [...values];
  return values.map((v) => Math.min(highest, Math.max(lowest, v)));
}

/** Classical multiplicative weekday index: each weekday's mean over the mean of all days, averaging 1. */
function weekdayIndexOf(history: readonly DailyValue[], values: readonly number[]): number[] {
  const overall = mean([...values]);
  if (overall <= 0) return Array<number>(7).fill(1);
  const dayOfWeek = history.map((d) => weekdayOf(d.date));
  const index = Array.from({ length: 7 }, (_, weekday) => {
    const days = values.filter((_v, i) => dayOfWeek[i] === weekday);
    return days.length === 0 ? 1 : mean(days) / overall;
  });
  const average = mean(index);
  return index.map((i) => Math.max(i / average, 0.05));
}

/** The completed days of the window before `today`, from the first day with usage, oldest first. */
function historyBefore(today: string, byDate: ReadonlyMap<string, number>): DailyValue[] {
  const dates = windowBefore(today);
  const first = dates.findIndex((d) => (byDate.get(d) ?? 0) > 0);
  if (first < 0) return [];
  return dates.slice(first).map((date) => ({ date, value: byDate.get(date) ?? 0 }));
}

/** Dates, weekdays and day bounds asked for again and again (every series of every read), kept. */
const DATE_CACHE_LIMIT = 10_000;
const windows = new Map<string, readonly string[]>();
const weekdays = new Map<string, number>();
const dayBounds = new Map<string, readonly [number, number]>();

/** The FORECAST_WINDOW_DAYS dates before `today`, oldest first. */
function windowBefore(today: string): readonly string[] {
  const cached = windows.get(today);
  if (cached) return cached;
  const dates: string[] = [];
  let cursor = shiftDate(today, -FORECAST_WINDOW_DAYS);
  for (let i = 0; i < FORECAST_WINDOW_DAYS; i++, cursor = shiftDate(cursor, 1)) dates.push(cursor);
  return remember(windows, DATE_CACHE_LIMIT, today, dates);
}

/**
 * Without enough completed days there is no spread to measure: the central figure is the pace of what
 * there is (the completed days, or today's pace on a first day), and no range is claimed.
 */
function insufficientHistory(options: {
  soFar: number;
  remaining: readonly string[];
  todayLeft: number;
  todayValue: number;
  history: readonly DailyValue[];
}): PeriodForecast {
  const { soFar, remaining, todayLeft, history, todayValue } = options;
  const todayDone = 1 - todayLeft;
  const observedDays = history.length + todayDone;
  const pace = observedDays > 0 ? (sum(history.map((d) => d.value)) + todayValue) / observedDays : 0;
  const path: ForecastStep[] = [];
  let cumulative = soFar;
  remaining.forEach((date, step) => {
    cumulative += pace * (step === 0 ? todayLeft : 1);
    path.push({ date, mean: cumulative, sd: 0 });
  });
  return {
    basis: 'insufficient_history',
    historyDays: history.length,
    soFar,
    central: cumulative,
    path,
  };
}

function fractionOfDayElapsed(date: string, timezone: string, now: Date): number {
  const key = `${timezone}|${date}`;
  let bounds = dayBounds.get(key);
  if (!bounds) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const start = new TZDate(y, m - 1, d, timezone);
    bounds = remember(dayBounds, DATE_CACHE_LIMIT, key, [
      start.getTime(),
      addDays(start, 1).getTime(),
    ] as const);
  }
  const [start, next] = bounds;
  return Math.min(1, Math.max(0, (now.getTime() - start) / (next - start)));
}

/** Day of the week (0 = Sunday) of a calendar date `YYYY-MM-DD`. */
function weekdayOf(date: string): number {
  return (
    weekdays.get(date) ??
    remember(weekdays, DATE_CACHE_LIMIT, date, new Date(`${date}T00:00:00Z`).getUTCDay())
  );
}

function shiftDate(date: string, days: number): string {
  const shifted = new Date(`${date}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}
