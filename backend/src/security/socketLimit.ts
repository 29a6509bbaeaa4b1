/** WebSocket close codes the server uses (RFC 6455 §7.4.1). */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY_VIOLATION = 1008;

/** Counts each user's live WebSocket connections and refuses one past the cap. */
export type SocketLimiter = {
  /**
   * Takes a slot for `userId`: returns the function that gives it back (call it once, when the socket
   * closes), or undefined when the user already holds `maxPerUser` connections.
   */
  acquire(userId: string): (() => void) | undefined;
  /** Live connections of `userId`. */
  count(userId: string): number;
  readonly maxPerUser: number;
  /** The close reason sent with CLOSE_POLICY_VIOLATION when a connection is refused (≤ 123 bytes). */
  readonly refusal: string;
};

export function createSocketLimiter(maxPerUser: number): SocketLimiter {
  const live = new Map<string, number>();
  return {
    maxPerUser,
    refusal: `too many live connections for this user: at most ${maxPerUser}; close one and retry`,
    count: (userId) => live.get(userId) ?? 0,
    acquire(userId) {
      const current = live.get(userId) ?? 0;
      if (current >= maxPerUser) return undefined;
      live.set(userId, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (live.get(userId) ?? 1) - 1;
        if (left <= 0) live.delete(userId);
        else live.set(userId, left);
      };
    },
  };
}
