import type { CostProjections } from '@spendscope/contracts';
import { percentOf, UNLIMITED } from './limits.ts';
import { dollarsToNano, nanoToDollars } from './money.ts';
import { daysInPeriod, localDateOf, periodBounds } from './periods.ts';

/**
 * Projects a period's spend: the cost so far divided by the elapsed fraction of the period (the real
 * length of the month in the user's timezone, counting the elapsed part of today). With a positive
 * monthly cost cap it also gives the local date the cap is reached at this pace: today when it is
 * already reached, absent when the pace stays under it until the period ends.
 */
export function projectCosts(options: {
  period: string;
  timezone: string;
  now: Date;
  costSoFarNano: number;
  /** The plan's `monthly_cost` in dollars: -1 unlimited, 0 not included, else the cap. */
  costLimit: number;
}): CostProjections {
  const { period, timezone, now, costSoFarNano, costLimit } = options;
  const { start, end } = periodBounds(period, timezone);
  const totalMs = end.getTime() - start.getTime();
  const elapsedMs = Math.min(totalMs, Math.max(0, now.getTime() - start.getTime()));
  const fraction = elapsedMs / totalMs;
  const days = daysInPeriod(period);
  // Nothing has elapsed yet: there is no pace to scale, so the projection is what is already spent.
  const projectedNano = fraction > 0 ? Math.round(costSoFarNano / fraction) : costSoFarNano;
  const elapsedDays = fraction * days;
  const dailyRateNano = elapsedDays > 0 ? Math.round(costSoFarNano / elapsedDays) : 0;
  const projectedDollars = nanoToDollars(projectedNano);

  const projection: CostProjections = {
    projected_monthly_cost: projectedDollars,
    cost_limit: costLimit,
    projected_usage_percentage: costLimit === UNLIMITED ? 0 : round2(percentOf(projectedDollars, costLimit)),
    billing_period: period,
    cost_so_far: nanoToDollars(costSoFarNano),
    days_in_period: days,
    elapsed_fraction: fraction,
    daily_run_rate: nanoToDollars(dailyRateNano),
  };
  const limitDate = limitReachedDate({ start, end, now, elapsedMs, costSoFarNano, costLimit, timezone });
  if (limitDate) projection.projected_limit_date = limitDate;
  return projection;
}

function limitReachedDate(options: {
  start: Date;
  end: Date;
  now: Date;
  elapsedMs: number;
  costSoFarNano: number;
  costLimit: number;
  timezone: string;
}): string | undefined {
  const { start, end, now, elapsedMs, costSoFarNano, costLimit, timezone } = options;
  if (costLimit <= 0) return undefined;
  const capNano = dollarsToNano(costLimit);
  if (costSoFarNano >= capNano) {
    // Already reached: the pace cannot say on which past day, so the answer is "by today".
    const today = Math.min(now.getTime(), end.getTime() - 1);
    return localDateOf(today, timezone);
  }
  if (costSoFarNano <= 0 || elapsedMs <= 0) return undefined;
  const reachedAt = start.getTime() + (elapsedMs * capNano) / costSoFarNano;
  if (reachedAt >= end.getTime()) return undefined;
  return localDateOf(Math.floor(reachedAt), timezone);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
