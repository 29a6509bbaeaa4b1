import type { SubscriptionPlan, UsageStats } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { listAlerts } from '../db/alerts.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { activePlanOf } from '../db/subscriptions.ts';
import { getUser } from '../db/users.ts';
import { AppError, notFound } from '../errors.ts';
import { billingPeriodOf } from './periods.ts';
import { buildUsageStats, summarizePeriod } from './usage.ts';

/** A user and their plan (read together), or 404 when nothing has been reported for them. */
export async function loadUserAndPlan(
  db: Kysely<Database>,
  userId: string,
): Promise<{ user: UserRow; plan: SubscriptionPlan }> {
  const [user, plan] = await Promise.all([getUser(db, userId), activePlanOf(db, userId)]);
  if (!user) throw notFound(`user "${userId}"`);
  if (!plan) throw new AppError('internal_error', `user "${userId}" has no plan`);
  return { user, plan };
}

/** The period to show: the one asked for, or the current one in the user's timezone. */
export function periodOrCurrent(user: UserRow, period: string | undefined, now: Date): string {
  return period ?? billingPeriodOf(now.getTime(), user.timezone);
}

/** UsageStats of one user and period, from the rollups. */
export async function getUsageStats(options: {
  db: Kysely<Database>;
  userId: string;
  period?: string | undefined;
  now: Date;
}): Promise<UsageStats> {
  const { user, plan } = await loadUserAndPlan(options.db, options.userId);
  return usageStatsOf({ ...options, user, plan });
}

/** UsageStats of a user and plan already loaded. */
export async function usageStatsOf(options: {
  db: Kysely<Database>;
  user: UserRow;
  plan: SubscriptionPlan;
  period?: string | undefined;
  now: Date;
}): Promise<UsageStats> {
  const { db, user, plan, now } = options;
  const userId = user.id;
  const period = periodOrCurrent(user, options.period, now);
  const [totals, alerts] = await Promise.all([
    providerTotals(db, [{ userId, period }]),
    listAlerts(db, { userId, period, limit: 50 }),
  ]);
  return buildUsageStats({
    userId,
    period,
    plan,
    totals: summarizePeriod(totals),
    alerts,
    now,
  });
}
