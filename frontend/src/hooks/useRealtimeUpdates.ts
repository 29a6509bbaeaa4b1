import { apiPath, billingSocketMessageSchema } from '@spendscope/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { socketUrl } from '../services/apiClient.ts';
import { applyNewAlert, applyUsageUpdate } from '../services/billing/cacheUpdates.ts';
import { queryScopes } from '../services/queryKeys.ts';
import { getToken } from '../services/session/token.ts';

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting';

/** The part of a WebSocket this hook uses, so tests can hand in a fake. */
export type SocketLike = {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close: (code?: number, reason?: string) => void;
};

export type RealtimeOptions = {
  enabled?: boolean;
  createSocket?: (url: string) => SocketLike;
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so many tabs that
 * lost the same server do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

const defaultCreateSocket = (url: string): SocketLike => new WebSocket(url);

/**
 * Keeps a WebSocket to `/ws/billing/:userId` open and writes every valid message into the query
 * cache (never into component state), so whatever shows the data updates by itself. Reconnects
 * with backoff; after a reconnect it refetches the user's data to catch up on what it missed.
 */
export function useRealtimeUpdates(
  userId: string,
  options: RealtimeOptions = {},
): { status: RealtimeStatus } {
  const {
    enabled = true,
    createSocket = defaultCreateSocket,
    baseDelayMs = 1000,
    maxDelayMs = 30_000,
    random = Math.random,
  } = options;
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  useEffect(() => {
    if (!enabled) return;
    let socket: SocketLike | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failedAttempts = 0;
    let hasBeenLive = false;
    let isDisposed = false;

    const connect = () => {
      retryTimer = undefined;
      const token = getToken() ?? '';
      const current = createSocket(socketUrl(apiPath.billingSocket(userId), { token }));
      socket = current;
      current.onopen = () => {
        if (isDisposed) return;
        if (hasBeenLive) void queryClient.invalidateQueries({ queryKey: queryScopes.user(userId) });
        hasBeenLive = true;
        failedAttempts = 0;
        setStatus('live');
      };
      current.onmessage = (event) => handleMessage(event.data);
      current.onclose = () => {
        if (isDisposed || socket !== current) return;
        socket = null;
        setStatus('reconnecting');
        retryTimer = setTimeout(connect, backoffDelay(failedAttempts, baseDelayMs, maxDelayMs, random));
        failedAttempts += 1;
      };
      current.onerror = () => {
        // A close event always follows; reconnecting is handled there.
      };
    };

    const handleMessage = (raw: unknown) => {
      if (typeof raw !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return;
      }
      const message = billingSocketMessageSchema.safeParse(json);
      // A message we do not understand is dropped, not half-applied.
      if (!message.success) return;
      if (message.data.type === 'usage.updated') applyUsageUpdate(queryClient, userId, message.data.data);
      else applyNewAlert(queryClient, userId, message.data.data);
    };

    // Back online: try now rather than wait out the backoff.
    const reconnectNow = () => {
      if (retryTimer === undefined) return;
      clearTimeout(retryTimer);
      connect();
    };

    setStatus('connecting');
    connect();
    window.addEventListener('online', reconnectNow);
    return () => {
      isDisposed = true;
      window.removeEventListener('online', reconnectNow);
      clearTimeout(retryTimer);
      socket?.close(1000, 'leaving');
    };
  }, [userId, enabled, createSocket, baseDelayMs, maxDelayMs, random, queryClient]);

  return { status };
}
