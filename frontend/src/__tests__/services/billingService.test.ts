import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { API_ENDPOINTS, readEnv } from '../../config/env.ts';
import { ApiError } from '../../services/apiClient.ts';
import { billingService } from '../../services/billingService.ts';
import { isSessionExpired } from '../../services/session/sessionStatus.ts';
import {
  makeAlert,
  makeAlertsResponse,
  makeDashboard,
  makePlans,
  makePricing,
  makeTrends,
  makeUsageStats,
  USER_ID,
} from '../../test/fixtures.ts';
import { api, apiError, server } from '../../test/server.ts';

/** Records the requests the server saw, for asserting URL and headers. */
function recordRequests() {
  const requests: Request[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push(request.clone());
  });
  return requests;
}

describe('billingService', () => {
  it('sends the bearer token and returns the parsed dashboard', async () => {
    const requests = recordRequests();
    const data = await billingService.getDashboardData(USER_ID);
    expect(data).toEqual(makeDashboard());
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer test-token');
    expect(new URL(requests[0]?.url ?? '').pathname).toBe(`/api/billing/dashboard/${USER_ID}`);
  });

  it('encodes user ids in the path', async () => {
    const requests = recordRequests();
    await billingService.getUsageStats('team:a@b');
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/api/billing/usage/team%3Aa%40b');
  });

  it('passes the period, months, provider and unread filter as query parameters', async () => {
    const requests = recordRequests();
    await billingService.getUsageStats(USER_ID, '2026-04');
    await billingService.getUsageTrends(USER_ID, 3);
    await billingService.getAPIPricing('openai');
    await billingService.getUsageAlerts(USER_ID, true);
    const queries = requests.map((r) => new URL(r.url).search);
    expect(queries).toEqual(['?period=2026-04', '?months=3', '?provider=openai', '?unread_only=true']);
  });

  it('leaves optional parameters out instead of sending "undefined"', async () => {
    const requests = recordRequests();
    await billingService.getUsageStats(USER_ID);
    await billingService.getAPIPricing();
    await billingService.getUsageAlerts(USER_ID);
    expect(requests.map((r) => new URL(r.url).search)).toEqual(['', '', '']);
  });

  it('unwraps the named lists of plans, pricing and alerts', async () => {
    expect(await billingService.getSubscriptionPlans()).toEqual(makePlans());
    expect(await billingService.getAPIPricing()).toEqual([makePricing()]);
    expect(await billingService.getUsageAlerts(USER_ID)).toEqual(makeAlertsResponse().alerts);
    expect(await billingService.getUsageTrends(USER_ID, 12)).toEqual(makeTrends(12));
    expect(await billingService.getUsageStats(USER_ID)).toEqual(makeUsageStats());
  });

  it('marks an alert read with a POST and resolves to nothing', async () => {
    let seen: { method: string; path: string } | undefined;
    server.use(
      http.post(api('/api/billing/alerts/:alertId/read'), ({ request }) => {
        seen = { method: request.method, path: new URL(request.url).pathname };
        return HttpResponse.json({ alert: makeAlert({ id: 7, is_read: true }) });
      }),
    );
    await expect(billingService.markAlertRead(7)).resolves.toBeUndefined();
    expect(seen).toEqual({ method: 'POST', path: '/api/billing/alerts/7/read' });
  });

  it('turns an error body into an ApiError with status, code and message', async () => {
    server.use(
      http.get(api('/api/billing/usage/:userId'), () =>
        apiError(403, 'forbidden', 'You may only see your own usage'),
      ),
    );
    const error = await billingService.getUsageStats('someone-else').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'You may only see your own usage',
    });
  });

  it('derives the code from the status when the error body is not the API shape', async () => {
    server.use(http.get(api('/api/billing/plans'), () => new HttpResponse('Bad gateway', { status: 502 })));
    await expect(billingService.getSubscriptionPlans()).rejects.toMatchObject({
      status: 502,
      code: 'internal_error',
    });
  });

  it('rejects a reply that does not match the contract with an invalid_response error naming the field', async () => {
    const broken = { ...makeUsageStats(), total_cost: 'a lot' };
    server.use(http.get(api('/api/billing/usage/:userId'), () => HttpResponse.json(broken)));
    const error = await billingService.getUsageStats(USER_ID).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 200, code: 'invalid_response' });
    expect((error as ApiError).message).toContain('total_cost');
  });

  it('reports a network failure as network_error with status 0', async () => {
    server.use(http.get(api('/api/billing/plans'), () => HttpResponse.error()));
    await expect(billingService.getSubscriptionPlans()).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });

  it('flags the session as expired on a 401', async () => {
    server.use(
      http.get(api('/api/billing/dashboard/:userId'), () => apiError(401, 'unauthorized', 'Token expired')),
    );
    expect(isSessionExpired()).toBe(false);
    await expect(billingService.getDashboardData(USER_ID)).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(isSessionExpired()).toBe(true);
  });

  it('downloads the CSV export with the token, as a blob', async () => {
    const requests = recordRequests();
    server.use(
      http.get(api('/api/billing/usage/:userId/events/export.csv'), () =>
        HttpResponse.text('event_id,provider\ne1,openai\n', { headers: { 'content-type': 'text/csv' } }),
      ),
    );
    const blob = await billingService.getUsageExport(USER_ID, '2026-05');
    expect(await blob.text()).toBe('event_id,provider\ne1,openai\n');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer test-token');
    expect(new URL(requests[0]?.url ?? '').search).toBe('?period=2026-05');
  });
});

describe('environment configuration', () => {
  it('defaults to the same origin', () => {
    expect(readEnv({}).apiBaseUrl).toBe('/api');
  });

  it('picks the endpoint of the named environment', () => {
    expect(readEnv({ VITE_APP_ENV: 'staging' }).apiBaseUrl).toBe(API_ENDPOINTS.staging);
    expect(readEnv({ VITE_APP_ENV: 'production' }).apiBaseUrl).toBe(API_ENDPOINTS.production);
    expect(readEnv({ VITE_APP_ENV: 'development' }).apiBaseUrl).toBe(API_ENDPOINTS.development);
  });

  it('lets VITE_API_BASE_URL override everything and drops a trailing slash', () => {
    expect(
      readEnv({ VITE_APP_ENV: 'production', VITE_API_BASE_URL: 'https://metering.example.com/api/' })
        .apiBaseUrl,
    ).toBe('https://metering.example.com/api');
  });

  it('refuses a value that is neither a URL nor a path', () => {
    expect(() => readEnv({ VITE_API_BASE_URL: 'api.example.com' })).toThrow(/VITE_API_BASE_URL/);
    expect(() => readEnv({ VITE_APP_ENV: 'qa' })).toThrow(/VITE_APP_ENV/);
  });
});
