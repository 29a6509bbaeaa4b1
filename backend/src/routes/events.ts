import { eventsQuerySchema, exportQuerySchema, ROUTES, userParamsSchema } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { listEvents } from '../domain/eventsList.ts';
import { exportEventsCsv } from '../domain/export.ts';
import { parseOr400 } from '../errors.ts';

export async function registerEventRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(ROUTES.events, async (request) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const query = parseOr400(eventsQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return listEvents({ db: ctx.db, userId, ...query, now: ctx.clock() });
  });

  app.get(ROUTES.eventsExport, async (request, reply) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const { period } = parseOr400(exportQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    const { filename, stream } = await exportEventsCsv({
      db: ctx.db,
      userId,
      period,
      now: ctx.clock(),
      onError: (error) => request.log.error({ err: error }, 'CSV export failed midway'),
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
}
