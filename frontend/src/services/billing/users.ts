import {
  apiPath,
  ROUTES,
  type UpdateUserRequest,
  type UserOverview,
  type UsersPage,
  updateUserResponseSchema,
  usersResponseSchema,
} from '@spendscope/contracts';
import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

export type UsersPageRequest = {
  /** Keeps users whose id or display name contains it, ignoring case; blank lists everyone. */
  search?: string | undefined;
  /** `next_cursor` of the page before. */
  cursor?: string | undefined;
  limit?: number | undefined;
};

/** One page of users, in id order, with their plan, spend this period and status (admins only). */
export async function getUsers(request: UsersPageRequest = {}, signal?: AbortSignal): Promise<UsersPage> {
  const q = request.search?.trim();
  return apiRequest(ROUTES.users, usersResponseSchema, {
    query: { q: q === '' ? undefined : q, cursor: request.cursor, limit: request.limit },
    signal,
  });
}

/** Moves a user to another plan and/or sets their timezone or name (admins only). */
export async function updateUser(userId: string, changes: UpdateUserRequest): Promise<UserOverview> {
  const { user } = await apiRequest(apiPath.user(userId), updateUserResponseSchema, {
    method: 'PUT',
    body: changes,
  });
  return user;
}

/** The users matching `search`, page after page as the server's cursors lead. */
export const usersQueryOptions = (search = '') =>
  infiniteQueryOptions({
    queryKey: [...queryScopes.admin, 'users', { search: search.trim() }] as const,
    queryFn: ({ pageParam, signal }) => getUsers({ search, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor,
  });

/** The users loaded so far for `search`, in id order; `fetchNextPage` loads the next page. */
export function useUsers(options: { search?: string; enabled?: boolean } = {}) {
  return useInfiniteQuery({
    ...usersQueryOptions(options.search),
    enabled: options.enabled ?? true,
    // A new search keeps the last results on screen until its own arrive.
    placeholderData: keepPreviousData,
    select: (data): UserOverview[] => data.pages.flatMap((page) => page.users),
  });
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
