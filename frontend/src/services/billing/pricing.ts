import { type APIPricing, pricingResponseSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Current and past price versions, optionally for one provider. */
export async function getAPIPricing(provider?: string, signal?: AbortSignal): Promise<APIPricing[]> {
  const { pricing } = await apiRequest(ROUTES.pricing, pricingResponseSchema, {
    query: { provider },
    signal,
  });
  return pricing;
}

export const apiPricingQueryOptions = (provider?: string) =>
  queryOptions({
    queryKey: [...queryScopes.catalog, 'pricing', provider ?? 'all'] as const,
    queryFn: ({ signal }) => getAPIPricing(provider, signal),
    staleTime: 5 * 60_000,
  });

export function useAPIPricing(provider?: string) {
  return useQuery(apiPricingQueryOptions(provider));
}
