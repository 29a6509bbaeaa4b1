import type { AlertsResponse, DashboardData, UsageAlert, UsageStats } from '@spendscope/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { queryScopes } from '../queryKeys.ts';
import { dashboardQueryOptions } from './dashboard.ts';
import { usageStatsQueryOptions } from './usageStats.ts';

/*
 * Patches for the query cache, shared by live updates and mutations: the cache is the only place
 * the UI reads server data from, so writing here updates every view at once.
 */

/** A fresh UsageStats (from the socket) replaces the current-period stats and the dashboard's copy. */
export function applyUsageUpdate(queryClient: QueryClient, userId: string, stats: UsageStats): void {
  queryClient.setQueryData(usageStatsQueryOptions(userId).queryKey, stats);
  queryClient.setQueryData(usageStatsQueryOptions(userId, stats.billing_period).queryKey, (old) =>
    old ? stats : undefined,
  );
  queryClient.setQueryData(dashboardQueryOptions(userId).queryKey, (old) => {
    // A push for another period (e.g. the month just rolled over) must not overwrite this one.
    if (!old || old.current_usage.billing_period !== stats.billing_period) return old;
    return {
      ...old,
      current_usage: stats,
      limits: stats.limits,
      summary: {
        ...old.summary,
        total_api_calls_this_month: stats.total_calls,
        total_cost_this_month: stats.total_cost,
        usage_status: stats.usage_status,
      },
    } satisfies DashboardData;
  });
}

/** A new alert is added to every alerts list of the user (unless already there) and to the dashboard. */
export function applyNewAlert(queryClient: QueryClient, userId: string, alert: UsageAlert): void {
  queryClient.setQueriesData<AlertsResponse>({ queryKey: queryScopes.alerts(userId) }, (old) => {
    if (!old || old.alerts.some((a) => a.id === alert.id)) return old;
    return {
      alerts: [alert, ...old.alerts],
      unread_count: old.unread_count + (alert.is_read ? 0 : 1),
    };
  });
  queryClient.setQueryData(dashboardQueryOptions(userId).queryKey, (old) => {
    if (!old || old.alerts.some((a) => a.id === alert.id)) return old;
    return {
      ...old,
      alerts: [alert, ...old.alerts],
      summary: { ...old.summary, unread_alerts: old.summary.unread_alerts + (alert.is_read ? 0 : 1) },
    };
  });
}

/** Marks an alert read in every cached list; lists filtered to unread drop it. */
export function markAlertReadInCache(queryClient: QueryClient, userId: string, alertId: number): void {
  const readAt = new Date().toISOString();
  const markRead = (alert: UsageAlert): UsageAlert =>
    alert.id === alertId && !alert.is_read ? { ...alert, is_read: true, read_at: readAt } : alert;

  const cached = queryClient.getQueriesData<AlertsResponse>({ queryKey: queryScopes.alerts(userId) });
  for (const [key, old] of cached) {
    if (!old?.alerts.some((a) => a.id === alertId && !a.is_read)) continue;
    const isUnreadOnlyList = key.at(-1) === 'unread';
    queryClient.setQueryData<AlertsResponse>(key, {
      alerts: isUnreadOnlyList ? old.alerts.filter((a) => a.id !== alertId) : old.alerts.map(markRead),
      unread_count: Math.max(0, old.unread_count - 1),
    });
  }
  queryClient.setQueryData(dashboardQueryOptions(userId).queryKey, (old) => {
    if (!old) return old;
    const wasUnread = old.alerts.some((a) => a.id === alertId && !a.is_read);
    if (!wasUnread) return old;
    return {
      ...old,
      alerts: old.alerts.map(markRead),
      summary: { ...old.summary, unread_alerts: Math.max(0, old.summary.unread_alerts - 1) },
    };
  });
}
