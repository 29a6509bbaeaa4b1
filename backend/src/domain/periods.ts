import { TZDate } from '@date-fns/tz';
import {
  addMonths,
  differenceInMilliseconds,
  format,
  getDaysInMonth,
  startOfMonth,
  subMonths,
} from 'date-fns';
import { remember } from '../boundedCache.ts';

/**
 * Billing periods are calendar months `YYYY-MM` in the user's timezone. Local dates are cached per
 * timezone and quarter hour (every zone's offset is a multiple of 15 minutes), so the ingest path
 * does not pay for a timezone conversion per event.
 */
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const localDateCache = new Map<string, string>();
const LOCAL_DATE_CACHE_LIMIT = 50_000;

/** A local date with a four-digit year; the ingest path only lets in instants from 2000 on. */
const FOUR_DIGIT_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The local calendar date `YYYY-MM-DD` of an instant in a timezone. Years outside 0000–9999 have no
 * such form and throw a RangeError, so no caller can ever file anything under `10000-01` or `-0001-12`.
 */
export function localDateOf(instantMs: number, timezone: string): string {
  const key = `${timezone}|${Math.floor(instantMs / QUARTER_HOUR_MS)}`;
  const cached = localDateCache.get(key);
  if (cached) return cached;
  // `u` is the proleptic year (year 0 is 0000); `y` would print year 0 as 0001, the year of its era.
  const date = Number.isFinite(instantMs) ? format(new TZDate(instantMs, timezone), 'uuuu-MM-dd') : '';
  if (!FOUR_DIGIT_DATE.test(date)) {
    throw new RangeError(`the instant ${instantMs} (ms since 1970) has no four-digit year in ${timezone}`);
  }
  return remember(localDateCache, LOCAL_DATE_CACHE_LIMIT, key, date);
}

/** The billing period `YYYY-MM` an instant falls in, for a user in `timezone`. */
export function billingPeriodOf(instantMs: number, timezone: string): string {
  return localDateOf(instantMs, timezone).slice(0, 7);
}

/**
 * Local midnight of the 1st of a month. Set through setFullYear: the Date constructor reads the years
 * 0–99 as 1900–1999, and a period such as `0050-02` may be asked for (it holds nothing).
 */
function monthStart(year: number, month: number, timezone: string): TZDate {
  const start = new TZDate(2000, month - 1, 1, timezone);
  start.setFullYear(year, month - 1, 1);
  return start;
}

/** Period bounds in ms by `timezone|period`, cleared past its limit like the local dates. */
const boundsCache = new Map<string, readonly [number, number]>();
const BOUNDS_CACHE_LIMIT = 10_000;

/** The instants a period starts (inclusive) and ends (exclusive) at, in the user's timezone. */
export function periodBounds(period: string, timezone: string): { start: Date; end: Date } {
  const key = `${timezone}|${period}`;
  let bounds = boundsCache.get(key);
  if (!bounds) {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const start = monthStart(year, month, timezone);
    bounds = remember(boundsCache, BOUNDS_CACHE_LIMIT, key, [start.getTime(), addMonths(start, 1).getTime()]);
  }
  return { start: new Date(bounds[0]), end: new Date(bounds[1]) };
}

/** Number of days in a period (28–31). */
export function daysInPeriod(period: string): number {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return getDaysInMonth(monthStart(year, month, 'UTC'));
}

/** Fraction of the period elapsed at `now` (0–1), counting the elapsed part of today. */
export function elapsedFraction(period: string, timezone: string, now: Date): number {
  const { start, end } = periodBounds(period, timezone);
  const total = differenceInMilliseconds(end, start);
  const elapsed = differenceInMilliseconds(now, start);
  return Math.min(1, Math.max(0, elapsed / total));
}

/** The last `count` periods up to and including the one holding `now`, oldest first. */
export function lastPeriods(count: number, timezone: string, now: Date): string[] {
  const current = startOfMonth(new TZDate(now.getTime(), timezone));
  const periods: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    periods.push(format(subMonths(current, back), 'uuuu-MM'));
  }
  return periods;
}

const periodNames = new Map<string, string>();

/** A period as people write it: `2026-11` → `November 2026`. */
export function periodName(period: string): string {
  let name = periodNames.get(period);
  if (name === undefined) {
    const [year, month] = period.split('-').map(Number) as [number, number];
    name = remember(
      periodNames,
      BOUNDS_CACHE_LIMIT,
      period,
      format(monthStart(year, month, 'UTC'), 'MMMM uuuu'),
    );
  }
  return name;
}

/** Every date `YYYY-MM-DD` of a period, in order. */
export function datesOfPeriod(period: string): string[] {
  const days = daysInPeriod(period);
  return Array.from({ length: days }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}
