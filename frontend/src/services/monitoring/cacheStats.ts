import { type CacheStats, cacheStatsSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Hit/miss counters of the server's dashboard cache. Admins only. */
export function getCacheStats(signal?: AbortSignal): Promise<CacheStats> {
  return apiRequest(ROUTES.cacheStats, cacheStatsSchema, { signal });
}

export const cacheStatsQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.monitoring, 'cache'] as const,
    queryFn: ({ signal }) => getCacheStats(signal),
    refetchInterval: 30_000,
  });

export function useCacheStats(options: { enabled?: boolean } = {}) {
  return useQuery({ ...cacheStatsQueryOptions(), enabled: options.enabled ?? true });
}
