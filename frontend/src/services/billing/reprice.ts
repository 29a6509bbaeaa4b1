import {
  type RepriceRequest,
  type RepriceResponse,
  ROUTES,
  repriceResponseSchema,
} from '@spendscope/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';

/** Prices a period's events again with the current table, or (dry run) says what that would change. */
export async function repricePeriod(request: RepriceRequest): Promise<RepriceResponse> {
  return apiRequest(ROUTES.reprice, repriceResponseSchema, { method: 'POST', body: request });
}

/** A re-price; once applied, every usage figure may have changed, so every query is refetched. */
export function useReprice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: repricePeriod,
    onSuccess: (result) => (result.dry_run ? undefined : queryClient.invalidateQueries()),
  });
}
