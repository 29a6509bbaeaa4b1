import { apiPath, type UsageTrends, usageTrendsSchema } from '@spendscope/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** The last `months` calendar months (1–24), oldest first. */
export function getUsageTrends(userId: string, months?: number, signal?: AbortSignal): Promise<UsageTrends> {
  return apiRequest(apiPath.trends(userId), usageTrendsSchema, { query: { months }, signal });
}

export const usageTrendsQueryOptions = (userId: string, months: number) =>
  queryOptions({
    queryKey: [...queryScopes.user(userId), 'trends', months] as const,
    queryFn: ({ signal }) => getUsageTrends(userId, months, signal),
    // Switching 3m → 12m keeps the old lines on screen until the longer series arrives.
    placeholderData: keepPreviousData,
  });

export function useUsageTrends(userId: string, months: number) {
  return useQuery(usageTrendsQueryOptions(userId, months));
}
