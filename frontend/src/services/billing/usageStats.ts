import { apiPath, type UsageStats, usageStatsSchema } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** `period` is `YYYY-MM`; without it the server answers for the current period. */
export function getUsageStats(userId: string, period?: string, signal?: AbortSignal): Promise<UsageStats> {
  return apiRequest(apiPath.usage(userId), usageStatsSchema, { query: { period }, signal });
}

export const usageStatsQueryOptions = (userId: string, period?: string) =>
  queryOptions({
    queryKey: [...queryScopes.user(userId), 'usage', period ?? 'current'] as const,
    queryFn: ({ signal }) => getUsageStats(userId, period, signal),
  });

export function useUsageStats(userId: string, period?: string) {
  return useQuery(usageStatsQueryOptions(userId, period));
}
