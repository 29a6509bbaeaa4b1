import { randomUUID } from 'node:crypto';
import {
  alertsResponseSchema,
  apiPath,
  apiStatsSchema,
  cacheStatsSchema,
  channelResponseSchema,
  channelsResponseSchema,
  createChannelResponseSchema,
  createPricingResponseSchema,
  dashboardDataSchema,
  deliveriesResponseSchema,
  deliveryResponseSchema,
  eventsPageSchema,
  featureFlagsSchema,
  lightweightStatsSchema,
  livenessSchema,
  markAlertReadResponseSchema,
  meResponseSchema,
  otlpExportTraceResponseSchema,
  plansResponseSchema,
  pricingResponseSchema,
  providerDetailsSchema,
  ROUTES,
  repriceResponseSchema,
  reservationReleaseResponseSchema,
  systemHealthSchema,
  updateUserResponseSchema,
  usageBatchResponseSchema,
  usageCheckResponseSchema,
  usageStatsSchema,
  usageTrendsSchema,
  usersResponseSchema,
} from '@spendscope/contracts';
import type { z } from 'zod';

/**
 * Who may call a route: anyone; any signed-in user or admin; the user named in the path or an admin;
 * the owner of the alert in the path or an admin; an admin; an ingestion key; the metrics scrape token.
 */
export type Access = 'open' | 'signedIn' | 'reader' | 'alertOwner' | 'admin' | 'apiKey' | 'metrics';

/** The data a request is aimed at. */
export type Target = {
  userId: string;
  alertId: number;
  /** A channel of the operator's (a made-up id where the test needs no real one). */
  channelId?: string;
  /** A channel the DELETE route may remove. */
  spareChannelId?: string;
  /** A delivery that may be retried. */
  deliveryId?: string;
};

const NO_CHANNEL = 'chn_000000000000000000000000';
const NO_DELIVERY = 'msg_000000000000000000000000';

export type RouteCase = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The pattern as the server registers it. */
  url: string;
  access: Access;
  websocket?: true;
  /** A concrete path (with query) aimed at the target. */
  path(target: Target): string;
  /** A valid body, so that only the credential decides the answer. */
  body?(target: Target): unknown;
  /** The schema of a successful JSON reply; absent for CSV and Prometheus text. */
  reply?: z.ZodType;
};

/** Every route the server may serve. A registered route missing here fails the authorization test. */
export const ROUTE_TABLE: readonly RouteCase[] = [
  {
    method: 'GET',
    url: ROUTES.dashboard,
    access: 'reader',
    path: (t) => apiPath.dashboard(t.userId),
    reply: dashboardDataSchema,
  },
  {
    method: 'GET',
    url: ROUTES.usage,
    access: 'reader',
    path: (t) => apiPath.usage(t.userId),
    reply: usageStatsSchema,
  },
  {
    method: 'GET',
    url: ROUTES.trends,
    access: 'reader',
    path: (t) => `${apiPath.trends(t.userId)}?months=3`,
    reply: usageTrendsSchema,
  },
  {
    method: 'GET',
    url: ROUTES.providerDetails,
    access: 'reader',
    path: (t) => apiPath.providerDetails(t.userId, 'openai'),
    reply: providerDetailsSchema,
  },
  {
    method: 'GET',
    url: ROUTES.events,
    access: 'reader',
    path: (t) => `${apiPath.events(t.userId)}?limit=50`,
    reply: eventsPageSchema,
  },
  { method: 'GET', url: ROUTES.eventsExport, access: 'reader', path: (t) => apiPath.eventsExport(t.userId) },
  {
    method: 'GET',
    url: ROUTES.plans,
    access: 'signedIn',
    path: () => ROUTES.plans,
    reply: plansResponseSchema,
  },
  {
    method: 'GET',
    url: ROUTES.pricing,
    access: 'signedIn',
    path: () => ROUTES.pricing,
    reply: pricingResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.pricing,
    access: 'admin',
    path: () => ROUTES.pricing,
    body: () => ({ provider: 'openai', model_name: `auth-${randomUUID()}`, cost_per_input_token: 0.000001 }),
    reply: createPricingResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.reprice,
    access: 'admin',
    path: () => ROUTES.reprice,
    body: () => ({ period: '2026-11', dry_run: true }),
    reply: repriceResponseSchema,
  },
  {
    method: 'GET',
    url: ROUTES.alerts,
    access: 'reader',
    path: (t) => apiPath.alerts(t.userId),
    reply: alertsResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.alertRead,
    access: 'alertOwner',
    path: (t) => apiPath.alertRead(t.alertId),
    reply: markAlertReadResponseSchema,
  },
  { method: 'GET', url: ROUTES.users, access: 'admin', path: () => ROUTES.users, reply: usersResponseSchema },
  {
    method: 'PUT',
    url: ROUTES.user,
    access: 'admin',
    path: (t) => apiPath.user(t.userId),
    body: () => ({ display_name: 'Renamed by an admin' }),
    reply: updateUserResponseSchema,
  },
  {
    method: 'GET',
    url: ROUTES.adminChannels,
    access: 'admin',
    path: () => apiPath.adminChannels(),
    reply: channelsResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.adminChannels,
    access: 'admin',
    path: () => apiPath.adminChannels(),
    body: () => ({
      kind: 'webhook',
      name: 'Ops hook',
      url: 'https://93.184.216.34/hooks',
      min_severity: 'info',
    }),
    reply: createChannelResponseSchema,
  },
  {
    method: 'PATCH',
    url: ROUTES.adminChannel,
    access: 'admin',
    path: (t) => apiPath.adminChannel(t.channelId ?? NO_CHANNEL),
    body: () => ({ name: 'Renamed hook' }),
    reply: channelResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.adminChannelTest,
    access: 'admin',
    path: (t) => apiPath.adminChannelTest(t.channelId ?? NO_CHANNEL),
    reply: deliveryResponseSchema,
  },
  {
    method: 'GET',
    url: ROUTES.adminChannelDeliveries,
    access: 'admin',
    path: (t) => `${apiPath.adminChannelDeliveries(t.channelId ?? NO_CHANNEL)}?limit=5`,
    reply: deliveriesResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.adminDeliveryRetry,
    access: 'admin',
    path: (t) => apiPath.adminDeliveryRetry(t.deliveryId ?? NO_DELIVERY),
    reply: deliveryResponseSchema,
  },
  {
    method: 'DELETE',
    url: ROUTES.adminChannel,
    access: 'admin',
    path: (t) => apiPath.adminChannel(t.spareChannelId ?? NO_CHANNEL),
  },
  { method: 'GET', url: ROUTES.me, access: 'signedIn', path: () => ROUTES.me, reply: meResponseSchema },
  {
    method: 'GET',
    url: ROUTES.health,
    access: 'signedIn',
    path: () => ROUTES.health,
    reply: systemHealthSchema,
  },
  {
    method: 'GET',
    url: ROUTES.apiStats,
    access: 'admin',
    path: () => `${ROUTES.apiStats}?minutes=5`,
    reply: apiStatsSchema,
  },
  {
    method: 'GET',
    url: ROUTES.lightweightStats,
    access: 'signedIn',
    path: () => ROUTES.lightweightStats,
    reply: lightweightStatsSchema,
  },
  {
    method: 'GET',
    url: ROUTES.cacheStats,
    access: 'admin',
    path: () => ROUTES.cacheStats,
    reply: cacheStatsSchema,
  },
  {
    method: 'POST',
    url: ROUTES.reportUsage,
    access: 'apiKey',
    path: () => ROUTES.reportUsage,
    body: (t) => ({
      events: [{ event_id: `auth-${randomUUID()}`, user_id: t.userId, provider: 'openai', model: 'gpt-4o' }],
    }),
    reply: usageBatchResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.checkUsage,
    access: 'apiKey',
    path: () => ROUTES.checkUsage,
    body: (t) => ({ user_id: t.userId, provider: 'openai', model: 'gpt-4o', input_tokens: 10 }),
    reply: usageCheckResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.releaseReservation,
    access: 'apiKey',
    path: () => apiPath.releaseReservation('rsv_unknown'),
    body: () => ({}),
    reply: reservationReleaseResponseSchema,
  },
  {
    method: 'POST',
    url: ROUTES.otlpTraces,
    access: 'apiKey',
    path: () => ROUTES.otlpTraces,
    // An OTLP/HTTP JSON export with one GenAI span for the target.
    body: (t) => ({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'user.id', value: { stringValue: t.userId } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: randomUUID().replaceAll('-', ''),
                  spanId: randomUUID().replaceAll('-', '').slice(0, 16),
                  name: 'chat gpt-4o',
                  attributes: [
                    { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
    reply: otlpExportTraceResponseSchema,
  },
  {
    method: 'GET',
    url: ROUTES.featureFlags,
    access: 'open',
    path: () => ROUTES.featureFlags,
    reply: featureFlagsSchema,
  },
  { method: 'GET', url: ROUTES.liveness, access: 'open', path: () => ROUTES.liveness, reply: livenessSchema },
  { method: 'GET', url: ROUTES.metrics, access: 'metrics', path: () => ROUTES.metrics },
  {
    method: 'GET',
    url: ROUTES.billingSocket,
    access: 'reader',
    websocket: true,
    path: (t) => apiPath.billingSocket(t.userId),
  },
];

/** Whether a registered route belongs to the API surface the table must cover. */
export function isApiRoute(url: string): boolean {
  return url.startsWith('/api') || url.startsWith('/ws') || url.startsWith('/v1/') || url === ROUTES.metrics;
}

export const routeKey = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
