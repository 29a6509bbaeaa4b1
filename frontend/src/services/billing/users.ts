import {
  apiPath,
  ROUTES,
  type UpdateUserRequest,
  type UserOverview,
  updateUserResponseSchema,
  usersResponseSchema,
} from '@spendscope/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Every user with their plan, spend this period and status (admins only). */
export async function getUsers(signal?: AbortSignal): Promise<UserOverview[]> {
  const { users } = await apiRequest(ROUTES.users, usersResponseSchema, { signal });
  return users;
}

/** Moves a user to another plan and/or sets their timezone or name (admins only). */
export async function updateUser(userId: string, changes: UpdateUserRequest): Promise<UserOverview> {
  const { user } = await apiRequest(apiPath.user(userId), updateUserResponseSchema, {
    method: 'PUT',
    body: changes,
  });
  return user;
}

export const usersQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.admin, 'users'] as const,
    queryFn: ({ signal }) => getUsers(signal),
  });

export function useUsers(options: { enabled?: boolean } = {}) {
  return useQuery({ ...usersQueryOptions(), enabled: options.enabled ?? true });
}

/** After a plan change, limits, percentages and status of that user are all different: refetch them. */
export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateUserRequest) => updateUser(userId, changes),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryScopes.user(userId) }),
        queryClient.invalidateQueries({ queryKey: queryScopes.admin }),
      ]),
  });
}
