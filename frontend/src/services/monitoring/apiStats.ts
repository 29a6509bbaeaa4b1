import { type APIStats, apiStatsSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Request statistics over the last `minutes` (1–1440; the server's default is 5). Admins only. */
export function getAPIStats(minutes?: number, signal?: AbortSignal): Promise<APIStats> {
  return apiRequest(ROUTES.apiStats, apiStatsSchema, { query: { minutes }, signal });
}

export const apiStatsQueryOptions = (minutes?: number) =>
  queryOptions({
    queryKey: [...queryScopes.monitoring, 'api-stats', minutes ?? 'default'] as const,
    queryFn: ({ signal }) => getAPIStats(minutes, signal),
    refetchInterval: 30_000,
  });

export function useAPIStats(minutes?: number, options: { enabled?: boolean } = {}) {
  return useQuery({ ...apiStatsQueryOptions(minutes), enabled: options.enabled ?? true });
}
