import {
  createPricingRequestSchema,
  pricingQuerySchema,
  providerParamsSchema,
  ROUTES,
  repriceRequestSchema,
  trendsQuerySchema,
  usageQuerySchema,
  userParamsSchema,
} from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import { cachedDashboard, cachedUsageStats } from '../cache/reads.ts';
import type { AppContext } from '../context.ts';
import { plansOnOffer } from '../domain/plans.ts';
import { addPriceVersion, pricingInEffect } from '../domain/pricing.ts';
import { getProviderDetails } from '../domain/providerDetails.ts';
import { repriceForApi } from '../domain/reprice.ts';
import { getUsageTrends } from '../domain/trends.ts';
import { parseOr400 } from '../errors.ts';

export async function registerBillingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(ROUTES.usage, async (request) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const { period } = parseOr400(usageQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return cachedUsageStats(ctx, { userId, period });
  });

  app.get(ROUTES.dashboard, async (request) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const { period } = parseOr400(usageQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return cachedDashboard(ctx, { userId, period });
  });

  app.get(ROUTES.trends, async (request) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const { months } = parseOr400(trendsQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return getUsageTrends({ db: ctx.db, userId, months, now: ctx.clock() });
  });

  app.get(ROUTES.providerDetails, async (request) => {
    const { userId, provider } = parseOr400(providerParamsSchema, request.params, 'path');
    const { period } = parseOr400(usageQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return getProviderDetails({ db: ctx.db, userId, provider, period, now: ctx.clock() });
  });

  app.get(ROUTES.plans, async (request) => {
    await ctx.guard.user(request);
    return plansOnOffer({ db: ctx.db });
  });

  app.get(ROUTES.pricing, async (request) => {
    const { provider } = parseOr400(pricingQuerySchema, request.query, 'query');
    await ctx.guard.user(request);
    return { pricing: await pricingInEffect({ db: ctx.db, provider, now: ctx.clock() }) };
  });

  app.post(ROUTES.pricing, { onRequest: authenticateBeforeBody(ctx.guard.admin) }, async (request, reply) => {
    await ctx.guard.admin(request);
    const body = parseOr400(createPricingRequestSchema, request.body, 'body');
    const pricing = await addPriceVersion({ db: ctx.db, request: body, now: ctx.clock() });
    return reply.status(201).send({ pricing });
  });

  app.post(ROUTES.reprice, { onRequest: authenticateBeforeBody(ctx.guard.admin) }, async (request) => {
    await ctx.guard.admin(request);
    const body = parseOr400(repriceRequestSchema, request.body, 'body');
    const result = await repriceForApi({ ctx, request: body });
    ctx.changes.publish({ touched: result.touched, newAlerts: [] });
    return result.response;
  });
}
