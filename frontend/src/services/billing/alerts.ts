import {
  type AlertsResponse,
  alertsResponseSchema,
  apiPath,
  markAlertReadResponseSchema,
  type UsageAlert,
} from '@spendscope/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';
import { markAlertReadInCache } from './cacheUpdates.ts';

/** The alerts list with its unread count, newest first. */
export function fetchAlerts(
  userId: string,
  unreadOnly = false,
  signal?: AbortSignal,
): Promise<AlertsResponse> {
  return apiRequest(apiPath.alerts(userId), alertsResponseSchema, {
    query: { unread_only: unreadOnly ? 'true' : undefined },
    signal,
  });
}

export async function getUsageAlerts(userId: string, unreadOnly?: boolean): Promise<UsageAlert[]> {
  const { alerts } = await fetchAlerts(userId, unreadOnly);
  return alerts;
}

export async function markAlertRead(alertId: number): Promise<void> {
  await apiRequest(apiPath.alertRead(alertId), markAlertReadResponseSchema, { method: 'POST' });
}

export const alertsQueryOptions = (userId: string, unreadOnly = false) =>
  queryOptions({
    queryKey: [...queryScopes.alerts(userId), unreadOnly ? 'unread' : 'all'] as const,
    queryFn: ({ signal }) => fetchAlerts(userId, unreadOnly, signal),
  });

export function useAlerts(userId: string, unreadOnly = false) {
  return useQuery(alertsQueryOptions(userId, unreadOnly));
}

/**
 * Marks an alert read. The badge drops at once (optimistic); if the server refuses, the cached
 * alerts are refetched so the badge tells the truth again.
 */
export function useMarkAlertRead(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAlertRead,
    onMutate: async (alertId: number) => {
      await queryClient.cancelQueries({ queryKey: queryScopes.alerts(userId) });
      markAlertReadInCache(queryClient, userId, alertId);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryScopes.alerts(userId) }),
  });
}
