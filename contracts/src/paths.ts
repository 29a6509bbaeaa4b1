/** Route patterns as the server registers them. */
export const ROUTES = {
  dashboard: '/api/billing/dashboard/:userId',
  usage: '/api/billing/usage/:userId',
  trends: '/api/billing/usage/:userId/trends',
  providerDetails: '/api/billing/usage/:userId/providers/:provider',
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

const seg = encodeURIComponent;

/** Concrete paths for clients; every path segment is encoded. */
export const apiPath = {
  dashboard: (userId: string) => `/api/billing/dashboard/${seg(userId)}`,
  usage: (userId: string) => `/api/billing/usage/${seg(userId)}`,
  trends: (userId: string) => `/api/billing/usage/${seg(userId)}/trends`,
  providerDetails: (userId: string, provider: string) =>
    `/api/billing/usage/${seg(userId)}/providers/${seg(provider)}`,
  events: (userId: string) => `/api/billing/usage/${seg(userId)}/events`,
  eventsExport: (userId: string) => `/api/billing/usage/${seg(userId)}/events/export.csv`,
  alerts: (userId: string) => `/api/billing/alerts/${seg(userId)}`,
  alertRead: (alertId: number) => `/api/billing/alerts/${alertId}/read`,
  user: (userId: string) => `/api/billing/users/${seg(userId)}`,
  billingSocket: (userId: string) => `/ws/billing/${seg(userId)}`,
  adminChannels: () => '/api/admin/channels',
  adminChannel: (channelId: string) => `/api/admin/channels/${seg(channelId)}`,
  adminChannelTest: (channelId: string) => `/api/admin/channels/${seg(channelId)}/test`,
  adminChannelDeliveries: (channelId: string) => `/api/admin/channels/${seg(channelId)}/deliveries`,
  adminDeliveryRetry: (deliveryId: string) => `/api/admin/deliveries/${seg(deliveryId)}/retry`,
  releaseReservation: (reservationId: string) => `/api/usage/reservations/${seg(reservationId)}/release`,
} as const;

/** Paths of the service itself (API, sockets, metrics); every other path belongs to the dashboard. */
export function isServicePath(path: string): boolean {
  return path.startsWith('/api') || path.startsWith('/ws') || path === ROUTES.metrics;
}
