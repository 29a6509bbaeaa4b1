/** Route patterns as the server registers them. */
export const ROUTES = {
  dashboard: '/api/billing/dashboard/:userId',
  usage: '/api/billing/usage/:userId',
  trends: '/api/billing/usage/:userId/trends',
  providerDetails: '/api/billing/usage/:userId/providers/:provider',
  providerWhatIf: '/api/billing/usage/:userId/providers/:provider/what-if',
  events: '/api/billing/usage/:userId/events',
  eventsExport: '/api/billing/usage/:userId/events/export.csv',
  plans: '/api/billing/plans',
  pricing: '/api/billing/pricing',
  reprice: '/api/billing/pricing/reprice',
  alerts: '/api/billing/alerts/:userId',
  alertRead: '/api/billing/alerts/:alertId/read',
  users: '/api/billing/users',
  user: '/api/billing/users/:userId',
  me: '/api/me',
  adminKeys: '/api/admin/keys',
  adminKey: '/api/admin/keys/:keyId',
  adminKeyRevoke: '/api/admin/keys/:keyId/revoke',
  adminPlan: '/api/admin/plans/:planId',
  health: '/api/monitoring/health',
  apiStats: '/api/monitoring/api-stats',
  lightweightStats: '/api/monitoring/lightweight-stats',
  cacheStats: '/api/monitoring/cache-stats',
  reportUsage: '/api/usage/events',
  checkUsage: '/api/usage/check',
  releaseReservation: '/api/usage/reservations/:reservationId/release',
  /** OTLP/HTTP trace export; the path OTLP exporters append to their endpoint. */
  otlpTraces: '/v1/traces',
  featureFlags: '/api/feature-flags',
  liveness: '/api/health',
  metrics: '/metrics',
  billingSocket: '/ws/billing/:userId',
  /** The metering gateway: the provider's own API under each prefix. */
  gatewayOpenai: '/gateway/openai/v1/*',
  gatewayMistral: '/gateway/mistral/v1/*',
  gatewayAnthropic: '/gateway/anthropic/v1/messages',
  gatewayGemini: '/gateway/gemini/v1beta/models/:target',
  /** GET → `{ channels }`; POST → 201 `{ channel, secret? }`. Admin only, like every `/api/admin` path. */
  adminChannels: '/api/admin/channels',
  /** PATCH → `{ channel }`; DELETE → 204 (its deliveries go with it). */
  adminChannel: '/api/admin/channels/:channelId',
  /** POST (no body) → 202 `{ delivery }`: a test delivery queued. */
  adminChannelTest: '/api/admin/channels/:channelId/test',
  /** GET `?limit=&cursor=` → `{ deliveries, next_cursor }`, newest first. */
  adminChannelDeliveries: '/api/admin/channels/:channelId/deliveries',
  /** POST (no body) → `{ delivery }`: due now, attempts kept; a dead or failed one is revived. */
  adminDeliveryRetry: '/api/admin/deliveries/:deliveryId/retry',
} as const;

/** A concrete path from a route pattern: each `:name` replaced by its value, encoded. */
export function fillPath(pattern: string, params: Readonly<Record<string, string | number>>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${pattern}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
}

/** Concrete paths for clients, built from ROUTES; every path segment is encoded. */
export const apiPath = {
  dashboard: (userId: string) => fillPath(ROUTES.dashboard, { userId }),
  usage: (userId: string) => fillPath(ROUTES.usage, { userId }),
  trends: (userId: string) => fillPath(ROUTES.trends, { userId }),
  providerDetails: (userId: string, provider: string) =>
    fillPath(ROUTES.providerDetails, { userId, provider }),
  providerWhatIf: (userId: string, provider: string) => fillPath(ROUTES.providerWhatIf, { userId, provider }),
  events: (userId: string) => fillPath(ROUTES.events, { userId }),
  eventsExport: (userId: string) => fillPath(ROUTES.eventsExport, { userId }),
  alerts: (userId: string) => fillPath(ROUTES.alerts, { userId }),
  alertRead: (alertId: number) => fillPath(ROUTES.alertRead, { alertId }),
  user: (userId: string) => fillPath(ROUTES.user, { userId }),
  billingSocket: (userId: string) => fillPath(ROUTES.billingSocket, { userId }),
  adminKey: (keyId: number) => fillPath(ROUTES.adminKey, { keyId }),
  adminKeyRevoke: (keyId: number) => fillPath(ROUTES.adminKeyRevoke, { keyId }),
  adminPlan: (planId: string) => fillPath(ROUTES.adminPlan, { planId }),
  adminChannels: () => ROUTES.adminChannels,
  adminChannel: (channelId: string) => fillPath(ROUTES.adminChannel, { channelId }),
  adminChannelTest: (channelId: string) => fillPath(ROUTES.adminChannelTest, { channelId }),
  adminChannelDeliveries: (channelId: string) => fillPath(ROUTES.adminChannelDeliveries, { channelId }),
  adminDeliveryRetry: (deliveryId: string) => fillPath(ROUTES.adminDeliveryRetry, { deliveryId }),
  releaseReservation: (reservationId: string) => fillPath(ROUTES.releaseReservation, { reservationId }),
} as const;

/** Paths of the service itself (API, sockets, metrics); every other path belongs to the dashboard. */
export function isServicePath(path: string): boolean {
  return path.startsWith('/api') || path.startsWith('/ws') || path === ROUTES.metrics;
}
