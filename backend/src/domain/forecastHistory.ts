import type { Kysely } from 'kysely';
import { type DailyProviderTotals, dailyProviderTotals } from '../db/dailyHistory.ts';
import type { Database } from '../db/schema.ts';
import { FORECAST_WINDOW_DAYS } from './forecast.ts';
import { billingPeriodOf, localDateOf, periodBounds } from './periods.ts';

const DAY_MS = 86_400_000;

/**
 * The daily rollups a forecast of `period` at `now` reads, in one query: the trailing window of
 * completed days before today and every day of the period up to today.
 */
export async function forecastHistory(options: {
  db: Kysely<Database>;
  userId: string;
  timezone: string;
  period: string;
  now: Date;
}): Promise<DailyProviderTotals[]> {
  const { db, userId, timezone, period, now } = options;
  const { start } = periodBounds(period, timezone);
  // A day more than the window, so that a daylight-saving day cannot shorten it.
  const windowStart = now.getTime() - (FORECAST_WINDOW_DAYS + 1) * DAY_MS;
  const periods = new Set<string>([period, billingPeriodOf(now.getTime(), timezone)]);
  for (let t = windowStart; t <= now.getTime(); t += DAY_MS) periods.add(billingPeriodOf(t, timezone));
  return dailyProviderTotals(db, {
    userId,
    periods: [...periods].sort(),
    fromDay: localDateOf(Math.min(windowStart, start.getTime()), timezone),
    toDay: localDateOf(now.getTime(), timezone),
  });
}
