import {
  type ApiKey,
  apiKeyResponseSchema,
  apiKeysResponseSchema,
  apiPath,
  type CreateApiKeyResponse,
  createApiKeyResponseSchema,
  ROUTES,
} from '@spendscope/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Every ingestion key, active and revoked (admins only). */
export async function getApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  const { keys } = await apiRequest(ROUTES.adminKeys, apiKeysResponseSchema, { signal });
  return keys;
}

/** Creates a key; the reply holds its secret, which the server never shows again. */
export async function createApiKey(name: string): Promise<CreateApiKeyResponse> {
  return apiRequest(ROUTES.adminKeys, createApiKeyResponseSchema, { method: 'POST', body: { name } });
}

export async function renameApiKey(keyId: number, name: string): Promise<ApiKey> {
  const { key } = await apiRequest(apiPath.adminKey(keyId), apiKeyResponseSchema, {
    method: 'PATCH',
    body: { name },
  });
  return key;
}

/** Revokes a key: the next report it signs is refused. */
export async function revokeApiKey(keyId: number): Promise<ApiKey> {
  const { key } = await apiRequest(apiPath.adminKeyRevoke(keyId), apiKeyResponseSchema, { method: 'POST' });
  return key;
}

export const apiKeysQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.admin, 'keys'] as const,
    queryFn: ({ signal }) => getApiKeys(signal),
  });

/** Writes a changed key into the cached list, so the table shows it without a refetch. */
function useStoreKey() {
  const queryClient = useQueryClient();
  return (key: ApiKey) =>
    queryClient.setQueryData(apiKeysQueryOptions().queryKey, (old) => {
      if (!old) return [key];
      return old.some((k) => k.id === key.id) ? old.map((k) => (k.id === key.id ? key : k)) : [...old, key];
    });
}

/** Creating a key: the secret is in the mutation's data only, never in the query cache. */
export function useCreateApiKey() {
  const storeKey = useStoreKey();
  return useMutation({ mutationFn: createApiKey, onSuccess: ({ key }) => storeKey(key) });
}

export function useRenameApiKey() {
  const storeKey = useStoreKey();
  return useMutation({
    mutationFn: ({ keyId, name }: { keyId: number; name: string }) => renameApiKey(keyId, name),
    onSuccess: storeKey,
  });
}

export function useRevokeApiKey() {
  const storeKey = useStoreKey();
  return useMutation({ mutationFn: revokeApiKey, onSuccess: storeKey });
}
