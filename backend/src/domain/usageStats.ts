import type { UsageStats } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { listAlerts } from '../db/alerts.ts';
import { getPlan } from '../db/plans.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { getUser, planIdOf } from '../db/users.ts';
import { AppError, notFound } from '../errors.ts';
import { billingPeriodOf } from './periods.ts';
import { buildUsageStats, summarizePeriod } from './usage.ts';

/** A user and their plan, or 404 when nothing has been reported for them. */
export async function loadUserAndPlan(db: Kysely<Database>, userId: string) {
  const user = await getUser(db, userId);
  if (!user) throw notFound(`user "${userId}"`);
  const planId = await planIdOf(db, userId);
  const plan = planId ? await getPlan(db, planId) : undefined;
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
  const { db, userId, now } = options;
  const { user, plan } = await loadUserAndPlan(db, userId);
  const period = periodOrCurrent(user, options.period, now);
  const [totals, alerts] = await Promise.all([
    providerTotals(db, [{ userId, period }]),
    listAlerts(db, { userId, period, limit: 50 }),
  ]);
  return buildUsageStats({
    userId,
    period,
    plan: { id: plan.id, name: plan.name, tier: plan.tier },
    limits: plan.limits,
    totals: summarizePeriod(totals),
    alerts,
    now,
  });
}
