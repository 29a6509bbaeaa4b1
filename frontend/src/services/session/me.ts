import { type MeResponse, meResponseSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Who the current token belongs to; the only source of "which user am I". */
export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiRequest(ROUTES.me, meResponseSchema, { signal });
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.session, 'me'] as const,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useMe() {
  return useQuery(meQueryOptions());
}
