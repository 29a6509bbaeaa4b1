import { ROUTES, type SystemHealth, systemHealthSchema } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

export function getSystemHealth(signal?: AbortSignal): Promise<SystemHealth> {
  return apiRequest(ROUTES.health, systemHealthSchema, { signal });
}

export const systemHealthQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.monitoring, 'health'] as const,
    queryFn: ({ signal }) => getSystemHealth(signal),
    refetchInterval: 60_000,
  });

export function useSystemHealth() {
  return useQuery(systemHealthQueryOptions());
}
