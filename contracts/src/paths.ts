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
  health: '/api/monitoring/health',
  apiStats: '/api/monitoring/api-stats',
  lightweightStats: '/api/monitoring/lightweight-stats',
  cacheStats: '/api/monitoring/cache-stats',
  reportUsage: '/api/usage/events',
  checkUsage: '/api/usage/check',
  /** OTLP/HTTP trace export; the path OTLP exporters append to their endpoint. */
  otlpTraces: '/v1/traces',
  featureFlags: '/api/feature-flags',
  liveness: '/api/health',
  metrics: '/metrics',
  billingSocket: '/ws/billing/:userId',
} as const;

const seg = encodeURIComponent;

/** Concrete paths for clients; every path segment is encoded. */
export const apiPath = {
  dashboard: (userId: string) => `/api/billing/dashboard/${seg(userId)}`,
  usage: (userId: string) => `/api/billing/usage/${seg(userId)}`,
  trends: (userId: string) => `/api/billing/usage/${seg(userId)}/trends`,
  providerDetails: (userId: string, provider: string) =>
    `/api/billing/usage/${seg(userId)}/providers/${seg(provider)}`,
  providerWhatIf: (userId: string, provider: string) =>
    `/api/billing/usage/${seg(userId)}/providers/${seg(provider)}/what-if`,
  events: (userId: string) => `/api/billing/usage/${seg(userId)}/events`,
  eventsExport: (userId: string) => `/api/billing/usage/${seg(userId)}/events/export.csv`,
  alerts: (userId: string) => `/api/billing/alerts/${seg(userId)}`,
  alertRead: (alertId: number) => `/api/billing/alerts/${alertId}/read`,
  user: (userId: string) => `/api/billing/users/${seg(userId)}`,
  billingSocket: (userId: string) => `/ws/billing/${seg(userId)}`,
} as const;
