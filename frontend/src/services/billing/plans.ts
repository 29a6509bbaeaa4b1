import { plansResponseSchema, ROUTES, type SubscriptionPlan } from '@spendscope/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

export async function getSubscriptionPlans(signal?: AbortSignal): Promise<SubscriptionPlan[]> {
  const { plans } = await apiRequest(ROUTES.plans, plansResponseSchema, { signal });
  return plans;
}

export const subscriptionPlansQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.catalog, 'plans'] as const,
    queryFn: ({ signal }) => getSubscriptionPlans(signal),
    staleTime: 5 * 60_000,
  });

export function useSubscriptionPlans() {
  return useQuery(subscriptionPlansQueryOptions());
}
