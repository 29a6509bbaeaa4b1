import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../services/apiClient.ts';

/**
 * Retries only what a retry can fix: no reply, or a server error. A 4xx or a reply in the wrong
 * shape will be the same next time, so it is shown at once.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!isApiError(error)) return failureCount < 2;
  const isTransient = error.status === 0 || error.status >= 500;
  return isTransient && error.code !== 'invalid_response' && failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000 },
      mutations: { retry: false },
    },
  });
}
