import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { monitoringService } from '../../services/monitoringService.ts';
import { makeApiStats, makeCacheStats, makeHealth, makeLightweightStats } from '../../test/fixtures.ts';
import { api, apiError, server } from '../../test/server.ts';

describe('monitoringService', () => {
  it('returns the parsed health, stats and cache counters', async () => {
    expect(await monitoringService.getSystemHealth()).toEqual(makeHealth());
    expect(await monitoringService.getLightweightStats()).toEqual(makeLightweightStats());
    expect(await monitoringService.getAPIStats()).toEqual(makeApiStats());
    expect(await monitoringService.getCacheStats()).toEqual(makeCacheStats());
  });

  it('asks for the API statistics of the given window', async () => {
    let search = '';
    server.use(
      http.get(api('/api/monitoring/api-stats'), ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(makeApiStats({ window_minutes: 60 }));
      }),
    );
    const stats = await monitoringService.getAPIStats(60);
    expect(search).toBe('?minutes=60');
    expect(stats.window_minutes).toBe(60);
  });

  it('surfaces a refusal for non-admins as a forbidden ApiError', async () => {
    server.use(
      http.get(api('/api/monitoring/cache-stats'), () => apiError(403, 'forbidden', 'Administrators only')),
    );
    await expect(monitoringService.getCacheStats()).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'Administrators only',
    });
  });

  it('rejects a health status outside the contract instead of showing it', async () => {
    server.use(
      http.get(api('/api/monitoring/health'), () => HttpResponse.json({ ...makeHealth(), status: 'ok' })),
    );
    const error = await monitoringService.getSystemHealth().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(String((error as Error).message)).toContain('status');
  });

  it('rejects a reply that is not JSON at all', async () => {
    server.use(
      http.get(api('/api/monitoring/lightweight-stats'), () => HttpResponse.text('<html>proxy error</html>')),
    );
    await expect(monitoringService.getLightweightStats()).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
