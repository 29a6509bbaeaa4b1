import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { isServicePath } from '@spendscope/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../frontend/dist/', import.meta.url));

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '/';

/** What a request for a path without a route is told. */
export function noRouteMessage(request: FastifyRequest): string {
  return `no route ${request.method} ${pathOf(request)}`;
}

/**
 * Serves the built dashboard: its files, and `index.html` for every other path outside `/api`, `/ws`
 * and `/metrics`, so the app's own routes (e.g. `/billing/trends`) load on a reload.
 */
export async function registerDashboard(app: FastifyInstance, dist = DASHBOARD_DIST): Promise<void> {
  const hasBuild = existsSync(`${dist}index.html`);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    if (isServicePath(path) || request.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'not_found', message: noRouteMessage(request) } });
    }
    if (!hasBuild) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built yet: run `npm run build` (npm start does it for you).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
