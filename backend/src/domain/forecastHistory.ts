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
  const { start, end } = periodBounds(period, timezone);
  const until = Math.min(now.getTime(), end.getTime() - 1);
  // A day more than the window, so that a daylight-saving day cannot shorten it.
  const from = Math.min(now.getTime() - (FORECAST_WINDOW_DAYS + 1) * DAY_MS, start.getTime());
  const periods = new Set<string>([period]);
  for (let t = now.getTime() - (FORECAST_WINDOW_DAYS + 1) * DAY_MS; t <= now.getTime(); t += DAY_MS) {
    periods.add(billingPeriodOf(t, timezone));
  }
  periods.add(billingPeriodOf(now.getTime(), timezone));
  return dailyProviderTotals(db, {
    userId,
    periods: [...periods].sort(),
    fromDay: localDateOf(from, timezone),
    toDay: localDateOf(Math.max(until, now.getTime()), timezone),
  });
}
