import type { DashboardData, UsageStats } from '@spendscope/contracts';
import type { AppContext } from '../context.ts';
import { getDashboard } from '../domain/dashboard.ts';
import { getUsageStats } from '../domain/usageStats.ts';

type ReadContext = Pick<AppContext, 'cache' | 'db' | 'clock'>;

/** UsageStats of a user's period (absent: the current one), through the read cache. */
export function cachedUsageStats(
  ctx: ReadContext,
  options: { userId: string; period?: string | undefined },
): Promise<UsageStats> {
  const { userId, period } = options;
  return ctx.cache.getOrLoad({ userId, read: 'usage', period }, () =>
    getUsageStats({ db: ctx.db, userId, period, now: ctx.clock() }),
  );
}

/**
 * A user's dashboard through the read cache. Its trends span months, so the entry carries no period and
 * any change of the user drops it.
 */
export function cachedDashboard(
  ctx: ReadContext,
  options: { userId: string; period?: string | undefined },
): Promise<DashboardData> {
  const { userId, period } = options;
  return ctx.cache.getOrLoad({ userId, read: `dashboard:${period ?? 'current'}` }, () =>
    getDashboard({ db: ctx.db, userId, period, now: ctx.clock() }),
  );
}
