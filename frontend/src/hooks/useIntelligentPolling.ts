import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryScopes } from '../services/queryKeys.ts';
import { useUserActivity } from './useUserActivity.ts';

export const ACTIVE_POLL_MS = 30_000;
export const IDLE_POLL_MS = 5 * 60_000;
/** No input for this long counts as idle. */
export const IDLE_AFTER_MS = 2 * 60_000;

export type PollingOptions = {
  /** While the socket delivers updates, polling only runs at the slow pace as a safety net. */
  isSocketLive?: boolean;
  idleAfterMs?: number;
};

/**
 * Refetches the user's data on a timer: every 30 s while someone is using the page, every 5 min
 * when idle or the tab is hidden, and never fast while the live socket is up.
 */
export function useIntelligentPolling(userId: string, options: PollingOptions = {}) {
  const { isSocketLive = false, idleAfterMs = IDLE_AFTER_MS } = options;
  const queryClient = useQueryClient();
  const isActive = useUserActivity(idleAfterMs);
  const intervalMs = isActive && !isSocketLive ? ACTIVE_POLL_MS : IDLE_POLL_MS;

  useEffect(() => {
    const interval = setInterval(() => {
      void queryClient.invalidateQueries({ queryKey: queryScopes.user(userId) });
    }, intervalMs);
    return () => clearInterval(interval);
  }, [intervalMs, userId, queryClient]);

  return { intervalMs, isActive };
}
