import { isServicePath } from '@spendscope/contracts';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { DASHBOARD_ROUTE, UNMATCHED_ROUTE } from './requestMetrics.ts';
import type { ServerMetrics } from './serverMetrics.ts';

/** Longest error message kept for the monitoring view. */
const MESSAGE_LIMIT = 200;

/**
 * Measures every request the app answers: method, route pattern (never the raw path, which may hold a
 * user id), status and duration. Upgraded WebSocket connections are not requests that end, so they are
 * counted as clients instead.
 */
export function measureRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  const failures = new WeakMap<FastifyRequest, string>();

  app.addHook('onError', async (request, _reply, error: FastifyError | AppError) => {
    failures.set(request, describe(error));
  });

  app.addHook('onResponse', async (request, reply) => {
    const message = failures.get(request);
    metrics.recordRequest({
      method: request.method,
      route: endpointOf(request, reply.statusCode),
      statusCode: reply.statusCode,
      durationMs: reply.elapsedTime,
      atMs: metrics.clock(),
      ...(message ? { errorMessage: message } : {}),
    });
  });
}

/**
 * The endpoint a request counts under: its route pattern. The dashboard's files (one static route per
 * file) and its pages (index.html for any app path) count as one endpoint, so API endpoints are not
 * lost among asset names; a request for the dashboard that fails is unmatched, like any other.
 */
function endpointOf(request: FastifyRequest, statusCode: number): string {
  const path = request.url.split('?')[0] ?? '/';
  if (isServicePath(path)) return request.routeOptions.url ?? UNMATCHED_ROUTE;
  return statusCode < 400 ? DASHBOARD_ROUTE : UNMATCHED_ROUTE;
}

function describe(error: FastifyError | AppError): string {
  const text =
    error instanceof AppError ? `${error.code}: ${error.message}` : `${error.name}: ${error.message}`;
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT - 1)}…` : text;
}
