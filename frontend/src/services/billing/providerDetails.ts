import { apiPath, type ProviderDetails, providerDetailsSchema } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** One provider's models, cost per token and daily series for a period (default: current). */
export function getProviderDetails(
  userId: string,
  provider: string,
  period?: string,
  signal?: AbortSignal,
): Promise<ProviderDetails> {
  return apiRequest(apiPath.providerDetails(userId, provider), providerDetailsSchema, {
    query: { period },
    signal,
  });
}

export const providerDetailsQueryOptions = (userId: string, provider: string, period?: string) =>
  queryOptions({
    queryKey: [...queryScopes.user(userId), 'provider', provider, period ?? 'current'] as const,
    queryFn: ({ signal }) => getProviderDetails(userId, provider, period, signal),
  });

export function useProviderDetails(userId: string, provider: string, period?: string) {
  return useQuery(providerDetailsQueryOptions(userId, provider, period));
}
