import { type LightweightStats, lightweightStatsSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Cheap enough to poll every few seconds. */
export function getLightweightStats(signal?: AbortSignal): Promise<LightweightStats> {
  return apiRequest(ROUTES.lightweightStats, lightweightStatsSchema, { signal });
}

export const lightweightStatsQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.monitoring, 'lightweight'] as const,
    queryFn: ({ signal }) => getLightweightStats(signal),
    refetchInterval: 10_000,
  });

export function useLightweightStats() {
  return useQuery(lightweightStatsQueryOptions());
}
