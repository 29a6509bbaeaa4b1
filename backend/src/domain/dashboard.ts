import type { DashboardData } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { countUnread, listAlerts } from '../db/alerts.ts';
import type { Database } from '../db/schema.ts';
import { forecastHistory } from './forecastHistory.ts';
import { dollarsToNano } from './money.ts';
import { projectCosts } from './projections.ts';
import { DEFAULT_TREND_MONTHS, trendsOfUser } from './trends.ts';
import { loadUserAndPlan, periodOrCurrent, usageStatsOf } from './usageStats.ts';

/** Unread alerts the dashboard shows; the alerts list has the rest. */
export const DASHBOARD_ALERTS = 10;

/**
 * Everything the billing dashboard shows for a user and period (default: the current one): usage,
 * the last six months of trends up to now, the plan's limits, the newest unread alerts, the spend
 * projection and a summary — all from the rollups.
 */
export async function getDashboard(options: {
  db: Kysely<Database>;
  userId: string;
  period?: string | undefined;
  now: Date;
}): Promise<DashboardData> {
  const { db, userId, now } = options;
  const { user, plan } = await loadUserAndPlan(db, userId);
  const period = periodOrCurrent(user, options.period, now);
  const [usage, trends, alerts, unread, daily] = await Promise.all([
    usageStatsOf({ db, user, plan, period, now }),
    trendsOfUser({ db, user, months: DEFAULT_TREND_MONTHS, now }),
    listAlerts(db, { userId, unreadOnly: true, limit: DASHBOARD_ALERTS }),
    countUnread(db, userId),
    forecastHistory({ db, userId, timezone: user.timezone, period, now }),
  ]);
  return {
    current_usage: usage,
    trends,
    limits: usage.limits,
    alerts,
    projections: projectCosts({
      period: usage.billing_period,
      timezone: user.timezone,
      now,
      costSoFarNano: dollarsToNano(usage.total_cost),
      limits: usage.limits.limits,
      daily,
    }),
    summary: {
      total_api_calls_this_month: usage.total_calls,
      total_cost_this_month: usage.total_cost,
      usage_status: usage.usage_status,
      unread_alerts: unread,
    },
  };
}
