import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from './context.ts';
import { registerDashboard } from './dashboardApp.ts';
import { AppError } from './errors.ts';
import { measureRequests } from './monitoring/hooks.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerBillingRoutes } from './routes/billing.ts';
import { registerChannelRoutes } from './routes/channels.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerGatewayRoutes } from './routes/gateway.ts';
import { registerMonitoringRoutes } from './routes/monitoring.ts';
import { registerOtlpRoutes } from './routes/otlp.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerUsageRoutes } from './routes/usage.ts';
import { registerUserRoutes } from './routes/users.ts';
import { apiErrorOf, frameworkErrors } from './security/apiErrors.ts';
import { createClientErrorHandler } from './security/clientErrors.ts';
import { registerSecurity } from './security/index.ts';
import { serverTimeouts } from './security/timeouts.ts';
import { registerBillingSocket } from './ws/billingSocket.ts';

/** Largest request body accepted; a full batch of 5,000 verbose events fits well inside. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Builds the HTTP application over a context; it is not listening yet. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.LOG_LEVEL === 'silent' ? false : { level: ctx.config.LOG_LEVEL },
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    // Query strings stay plain strings; the contract schemas decide what they mean.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
    clientErrorHandler: createClientErrorHandler(),
    ...serverTimeouts(ctx.config),
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).headers(error.headers).send(error.toBody());
    }
    const { status, body } = apiErrorOf(error, { bodyLimitBytes: BODY_LIMIT_BYTES });
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });

  measureRequests(app, ctx.metrics);
  await registerSecurity(app, ctx.config);
  await registerDashboard(app);

  await registerSystemRoutes(app, ctx);
  await registerUsageRoutes(app, ctx);
  await registerOtlpRoutes(app, ctx);
  await registerGatewayRoutes(app, ctx);
  await registerBillingRoutes(app, ctx);
  await registerAlertRoutes(app, ctx);
  await registerEventRoutes(app, ctx);
  await registerUserRoutes(app, ctx);
  await registerChannelRoutes(app, ctx);
  await registerMonitoringRoutes(app, ctx);
  await registerBillingSocket(app, ctx);
  return app;
}
