import type { FastifyInstance } from 'fastify';
import { registerBodyGate } from '../auth/beforeBody.ts';
import { registerCredentials } from '../auth/credential.ts';
import type { Config } from '../config.ts';
import { noRouteMessage } from '../dashboardApp.ts';
import { registerSecurityHeaders } from './headers.ts';
import { registerRateLimit } from './rateLimit.ts';
import { recordRoutes } from './routeCatalog.ts';
import { closeConnectionsOnShutdown } from './shutdown.ts';

/**
 * Security for every route: call first in buildApp, before any route or the WebSocket plugin is
 * registered, since the headers, the rate limit and the route catalog attach to routes as they are added.
 * The credential is parsed first, so the rate limit and the guard see the same one.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  registerCredentials(app, { metricsToken: config.METRICS_TOKEN });
  registerBodyGate(app, { noRoute: noRouteMessage });
  recordRoutes(app);
  await registerSecurityHeaders(app);
  await registerRateLimit(app, config.RATE_LIMIT_PER_MINUTE);
  closeConnectionsOnShutdown(app);
}
