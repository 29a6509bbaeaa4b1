import { timingSafeEqual } from 'node:crypto';
import { apiStatsQuerySchema, ROUTES } from '@spendscope/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerOf } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { parseOr400, unauthorized } from '../errors.ts';
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
    assertMetricsToken(request, ctx.config.METRICS_TOKEN);
    const body = await ctx.metrics.prometheus.render();
    return reply.type(ctx.metrics.prometheus.contentType).send(body);
  });
}

/** With METRICS_TOKEN set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
function assertMetricsToken(request: FastifyRequest, expected: string | undefined): void {
  if (!expected) return;
  const given = bearerOf(request);
  if (!given) throw unauthorized('metrics need the scrape token: send Authorization: Bearer <METRICS_TOKEN>');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw unauthorized('the metrics token is wrong');
}
