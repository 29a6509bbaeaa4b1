import {
  MAX_BATCH_EVENTS,
  type ReservationReleaseResponse,
  ROUTES,
  reservationParamsSchema,
  usageBatchSchema,
  usageCheckRequestSchema,
} from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { checkUsage } from '../domain/check.ts';
import { checkAndReserve, releaseReservation } from '../domain/reservations.ts';
import { AppError, parseOr400 } from '../errors.ts';
import { reportEvents } from './reportEvents.ts';

export async function registerUsageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Both take a body: the key is checked before it is read.
  const keyFirst = { onRequest: authenticateBeforeBody(ctx.guard.apiKey) };

  app.post(ROUTES.reportUsage, keyFirst, async (request, reply) => {
    await ctx.guard.apiKey(request);
    const body = parseOr400(usageBatchSchema, request.body, 'body');
    if (body.events.length > MAX_BATCH_EVENTS) {
      throw new AppError(
        'payload_too_large',
        `a report may carry at most ${MAX_BATCH_EVENTS} events; this one has ${body.events.length}: split it`,
      );
    }
    const result = await reportEvents(ctx, body.events);
    return reply.send({
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
    });
  });

  app.post(ROUTES.checkUsage, keyFirst, async (request) => {
    await ctx.guard.apiKey(request);
    const body = parseOr400(usageCheckRequestSchema, request.body, 'body');
    if (body.reserve) {
      return checkAndReserve({ ...ctx.reservations, prices: ctx.prices }, body);
    }
    return checkUsage({
      db: ctx.db,
      prices: ctx.prices,
      request: body,
      defaultPlanId: ctx.config.DEFAULT_PLAN,
      now: ctx.clock(),
    });
  });

  // An app that abandons a reserved call gives the hold back; any body is ignored.
  app.post(ROUTES.releaseReservation, keyFirst, async (request): Promise<ReservationReleaseResponse> => {
    await ctx.guard.apiKey(request);
    const { reservationId } = parseOr400(reservationParamsSchema, request.params, 'path');
    const released = await releaseReservation(ctx.reservations, reservationId);
    return { reservation_id: reservationId, released };
  });
}
