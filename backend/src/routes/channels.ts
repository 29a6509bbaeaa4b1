import {
  channelIdParamsSchema,
  createChannelRequestSchema,
  deliveriesQuerySchema,
  deliveryIdParamsSchema,
  ROUTES,
  updateChannelRequestSchema,
} from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import {
  type ChannelDeps,
  createChannel,
  deleteChannel,
  listChannels,
  listDeliveries,
  queueTestDelivery,
  retryDelivery,
  updateChannel,
} from '../domain/channels.ts';
import { parseOr400 } from '../errors.ts';

/** The operator's notification channels and their delivery logs (docs/alerts-delivery.md); admin only. */
export async function registerChannelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const deps = (): ChannelDeps => ({
    db: ctx.db,
    secrets: ctx.secrets,
    urls: ctx.channelUrls,
    now: ctx.clock(),
  });
  const admin = { onRequest: authenticateBeforeBody(ctx.guard.admin) };

  app.get(ROUTES.adminChannels, async (request) => {
    await ctx.guard.admin(request);
    return listChannels(ctx.db);
  });

  app.post(ROUTES.adminChannels, admin, async (request, reply) => {
    await ctx.guard.admin(request);
    const body = parseOr400(createChannelRequestSchema, request.body, 'body');
    const created = await createChannel(deps(), body);
    return reply.code(201).send(created);
  });

  app.patch(ROUTES.adminChannel, admin, async (request) => {
    await ctx.guard.admin(request);
    const { channelId } = parseOr400(channelIdParamsSchema, request.params, 'path');
    const body = parseOr400(updateChannelRequestSchema, request.body, 'body');
    return updateChannel(deps(), channelId, body);
  });

  app.delete(ROUTES.adminChannel, admin, async (request, reply) => {
    await ctx.guard.admin(request);
    const { channelId } = parseOr400(channelIdParamsSchema, request.params, 'path');
    await deleteChannel(ctx.db, channelId);
    return reply.code(204).send();
  });

  app.post(ROUTES.adminChannelTest, admin, async (request, reply) => {
    await ctx.guard.admin(request);
    const { channelId } = parseOr400(channelIdParamsSchema, request.params, 'path');
    const queued = await queueTestDelivery(ctx.db, channelId, ctx.clock());
    ctx.delivery.wake();
    return reply.code(202).send(queued);
  });

  app.get(ROUTES.adminChannelDeliveries, async (request) => {
    await ctx.guard.admin(request);
    const { channelId } = parseOr400(channelIdParamsSchema, request.params, 'path');
    const query = parseOr400(deliveriesQuerySchema, request.query, 'query');
    return listDeliveries(ctx.db, channelId, query);
  });

  app.post(ROUTES.adminDeliveryRetry, admin, async (request) => {
    await ctx.guard.admin(request);
    const { deliveryId } = parseOr400(deliveryIdParamsSchema, request.params, 'path');
    const retried = await retryDelivery(ctx.db, deliveryId, ctx.clock());
    ctx.delivery.wake();
    return retried;
  });
}
