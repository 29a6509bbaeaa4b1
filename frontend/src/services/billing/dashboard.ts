import { apiPath, type DashboardData, dashboardDataSchema } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

export function getDashboardData(userId: string, signal?: AbortSignal): Promise<DashboardData> {
  return apiRequest(apiPath.dashboard(userId), dashboardDataSchema, { signal });
}

export const dashboardQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: [...queryScopes.user(userId), 'dashboard'] as const,
    queryFn: ({ signal }) => getDashboardData(userId, signal),
  });

export function useDashboard(userId: string) {
  return useQuery(dashboardQueryOptions(userId));
}
