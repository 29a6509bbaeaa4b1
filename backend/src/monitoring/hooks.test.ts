import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDashboard } from '../dashboardApp.ts';
import { measureRequests } from './hooks.ts';
import { DASHBOARD_ROUTE, UNMATCHED_ROUTE } from './requestMetrics.ts';
import { ServerMetrics } from './serverMetrics.ts';

let app: FastifyInstance | undefined;
let dist: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** An app with the request hooks, one API route and a built dashboard of three files. */
async function appWithDashboard(): Promise<{ app: FastifyInstance; metrics: ServerMetrics }> {
  dist = mkdtempSync(join(tmpdir(), 'spendscope-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Spendscope</title>');
  writeFileSync(join(dist, 'assets', 'index-a1.js'), 'export {};');
  writeFileSync(join(dist, 'assets', 'chart-b2.js'), 'export {};');
  const metrics = new ServerMetrics();
  app = Fastify();
  measureRequests(app, metrics);
  app.get('/api/things/:id', async () => ({ ok: true }));
  await registerDashboard(app, `${dist}/`);
  return { app, metrics };
}

const endpoints = (metrics: ServerMetrics) =>
  Object.fromEntries(metrics.requests.window(5).endpoints.map((e) => [`${e.method} ${e.route}`, e.count]));

describe('request metrics by endpoint', () => {
  it('count API calls by route pattern and the dashboard’s files and pages as one endpoint', async () => {
    const { app, metrics } = await appWithDashboard();
    for (const url of ['/api/things/1', '/api/things/2', '/assets/index-a1.js', '/assets/chart-b2.js']) {
      expect((await app.inject({ url })).statusCode).toBe(200);
    }
    const page = await app.inject({ url: '/billing/trends' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Spendscope</title>');
    expect((await app.inject({ url: '/api/nowhere/someone' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/billing' })).statusCode).toBe(404);

    expect(endpoints(metrics)).toEqual({
      'GET /api/things/:id': 2,
      [`GET ${DASHBOARD_ROUTE}`]: 3,
      [`GET ${UNMATCHED_ROUTE}`]: 1,
      [`POST ${UNMATCHED_ROUTE}`]: 1,
    });
  });
});
