import { apiStatsQuerySchema, ROUTES } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { parseOr400 } from '../errors.ts';
import {
  buildApiStats,
  buildCacheStats,
  buildLightweightStats,
  buildSystemHealth,
  type MonitoringSources,
} from '../monitoring/reports.ts';

/** Minutes api-stats covers when none are asked for. */
const DEFAULT_STATS_MINUTES = 5;

export async function registerMonitoringRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const sources = (): MonitoringSources => ({
    metrics: ctx.metrics,
    cacheCounters: () => ctx.cache.stats(),
    p95BoundMs: ctx.config.HEALTH_P95_BOUND_MS,
    nowMs: ctx.metrics.clock(),
  });

  app.get(ROUTES.health, async (request) => {
    await ctx.guard.user(request);
    return buildSystemHealth(sources());
  });

  app.get(ROUTES.lightweightStats, async (request) => {
    await ctx.guard.user(request);
    return buildLightweightStats(sources());
  });

  app.get(ROUTES.apiStats, async (request) => {
    const { minutes } = parseOr400(apiStatsQuerySchema, request.query, 'query');
    await ctx.guard.admin(request);
    return buildApiStats(sources(), minutes ?? DEFAULT_STATS_MINUTES);
  });

  app.get(ROUTES.cacheStats, async (request) => {
    await ctx.guard.admin(request);
    return buildCacheStats(ctx.cache.stats(), ctx.metrics.clock());
  });

  app.get(ROUTES.metrics, async (request, reply) => {
    ctx.guard.metrics(request);
    const body = await ctx.metrics.prometheus.render();
    return reply.type(ctx.metrics.prometheus.contentType).send(body);
  });
}
