import { useSyncExternalStore } from 'react';

/**
 * Whether the server has refused our token. Any request answering 401 flips it, so every page
 * shows the same "sign-in expired" state instead of each panel failing on its own.
 */
let expired = false;
const listeners = new Set<() => void>();

export function markSessionExpired(): void {
  if (expired) return;
  expired = true;
  for (const listener of listeners) listener();
}

/** For a new token (and for tests). */
export function resetSessionStatus(): void {
  expired = false;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useIsSessionExpired(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => expired,
    () => false,
  );
}

/** The current value, for code outside React. */
export function isSessionExpired(): boolean {
  return expired;
}
