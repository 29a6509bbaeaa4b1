import { apiPath, type WhatIfResponse, whatIfResponseSchema } from '@spendscope/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** A provider's period re-priced under another model's current price (nothing is stored). */
export function getWhatIf(
  userId: string,
  provider: string,
  model: string,
  period?: string,
  signal?: AbortSignal,
): Promise<WhatIfResponse> {
  return apiRequest(apiPath.providerWhatIf(userId, provider), whatIfResponseSchema, {
    query: { model, period },
    ...(signal ? { signal } : {}),
  });
}

export const whatIfQueryOptions = (userId: string, provider: string, model: string, period?: string) =>
  queryOptions({
    queryKey: [
      ...queryScopes.user(userId),
      'provider',
      provider,
      period ?? 'current',
      'what-if',
      model,
    ] as const,
    queryFn: ({ signal }) => getWhatIf(userId, provider, model, period, signal),
    placeholderData: keepPreviousData,
  });

/** The what-if of `model`; idle until a model is chosen. */
export function useWhatIf(userId: string, provider: string, model: string | undefined, period?: string) {
  return useQuery({
    ...whatIfQueryOptions(userId, provider, model ?? '', period),
    enabled: model !== undefined && model !== '',
  });
}
