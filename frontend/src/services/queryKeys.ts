/**
 * The roots of every query key. Each endpoint module extends one of these, so a whole group can be
 * refetched or patched at once (polling refreshes everything under `userScope`) without anyone
 * retyping a key.
 */
export const queryScopes = {
  /** Everything about one user's usage: dashboard, stats, trends, alerts, drill-downs. */
  user: (userId: string) => ['user', userId] as const,
  /** One user's alerts, whichever filter. */
  alerts: (userId: string) => ['user', userId, 'alerts'] as const,
  catalog: ['catalog'] as const,
  monitoring: ['monitoring'] as const,
  session: ['session'] as const,
  admin: ['admin'] as const,
};
