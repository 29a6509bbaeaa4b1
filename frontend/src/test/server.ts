import { HttpResponse, http, ws } from 'msw';
import { setupServer } from 'msw/node';
import {
  makeAlertsResponse,
  makeApiStats,
  makeCacheStats,
  makeDashboard,
  makeHealth,
  makeLightweightStats,
  makeMe,
  makePlans,
  makePricing,
  makeProviderDetails,
  makeTrends,
  makeUsageStats,
  makeUser,
} from './fixtures.ts';

/** `*` matches any origin: the client resolves `/api` against the page's location. */
export const api = (path: string) => `*${path}`;

/** The live socket of any user; a test grabs connections with `billingSocket.addEventListener`. */
export const billingSocket = ws.link('ws://*/ws/billing/*');

/** A happy server for every endpoint; tests override single routes with `server.use(...)`. */
export const defaultHandlers = [
  // Accept the dashboard's socket and stay quiet unless a test speaks.
  billingSocket.addEventListener('connection', () => {}),
  http.get(api('/api/me'), () => HttpResponse.json(makeMe())),
  http.get(api('/api/feature-flags'), () =>
    HttpResponse.json({ flags: { csv_export: true, provider_drilldown: true } }),
  ),
  http.get(api('/api/billing/dashboard/:userId'), () => HttpResponse.json(makeDashboard())),
  http.get(api('/api/billing/usage/:userId'), () => HttpResponse.json(makeUsageStats())),
  http.get(api('/api/billing/usage/:userId/trends'), ({ request }) => {
    const months = Number(new URL(request.url).searchParams.get('months') ?? 6);
    return HttpResponse.json(makeTrends(months));
  }),
  http.get(api('/api/billing/usage/:userId/providers/:provider'), ({ params }) =>
    HttpResponse.json(makeProviderDetails(params.provider === 'anthropic' ? 'anthropic' : 'openai')),
  ),
  http.get(api('/api/billing/alerts/:userId'), () => HttpResponse.json(makeAlertsResponse())),
  http.post(api('/api/billing/alerts/:alertId/read'), () =>
    HttpResponse.json({
      alert: { ...makeAlertsResponse().alerts[0], is_read: true, read_at: '2026-05-15T13:00:00.000Z' },
    }),
  ),
  http.get(api('/api/billing/plans'), () => HttpResponse.json({ plans: makePlans() })),
  http.get(api('/api/billing/pricing'), () => HttpResponse.json({ pricing: [makePricing()] })),
  http.get(api('/api/billing/users'), () => HttpResponse.json({ users: [makeUser()] })),
  http.get(api('/api/monitoring/health'), () => HttpResponse.json(makeHealth())),
  http.get(api('/api/monitoring/lightweight-stats'), () => HttpResponse.json(makeLightweightStats())),
  http.get(api('/api/monitoring/api-stats'), () => HttpResponse.json(makeApiStats())),
  http.get(api('/api/monitoring/cache-stats'), () => HttpResponse.json(makeCacheStats())),
];

export const server = setupServer(...defaultHandlers);

/** The error body every API error uses. */
export function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status });
}
