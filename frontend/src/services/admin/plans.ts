import {
  apiPath,
  type SubscriptionPlan,
  type UpdatePlanRequest,
  updatePlanResponseSchema,
} from '@spendscope/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { subscriptionPlansQueryOptions } from '../billing/plans.ts';

/** Changes a plan's limits (those given) and/or prices (admins only); applies from the next request. */
export async function updatePlan(planId: string, changes: UpdatePlanRequest): Promise<SubscriptionPlan> {
  const { plan } = await apiRequest(apiPath.adminPlan(planId), updatePlanResponseSchema, {
    method: 'PATCH',
    body: changes,
  });
  return plan;
}

/**
 * Saving a plan puts the saved plan into the cached plan list; every usage figure may be held against
 * new limits, so every user's queries are refetched (open dashboards also get the push).
 */
export function useUpdatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ planId, changes }: { planId: string; changes: UpdatePlanRequest }) =>
      updatePlan(planId, changes),
    onSuccess: (plan) => {
      queryClient.setQueryData(subscriptionPlansQueryOptions().queryKey, (old) =>
        old?.map((p) => (p.id === plan.id ? plan : p)),
      );
      return queryClient.invalidateQueries({ queryKey: ['user'] });
    },
  });
}
