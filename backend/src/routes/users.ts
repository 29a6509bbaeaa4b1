import { ROUTES, updateUserRequestSchema, userParamsSchema, usersQuerySchema } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { listUserOverviews, updateUser } from '../domain/users.ts';
import { parseOr400 } from '../errors.ts';

export async function registerUserRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(ROUTES.users, async (request) => {
    const query = parseOr400(usersQuerySchema, request.query, 'query');
    await ctx.guard.admin(request);
    return listUserOverviews({ db: ctx.db, ...query, now: ctx.clock() });
  });

  app.put(ROUTES.user, { onRequest: authenticateBeforeBody(ctx.guard.admin) }, async (request) => {
    await ctx.guard.admin(request);
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const body = parseOr400(updateUserRequestSchema, request.body, 'body');
    const result = await updateUser({ db: ctx.db, userId, request: body, now: ctx.clock() });
    // New limits change the status of the current period; caches and live views hear it like a report.
    ctx.changes.publish({ touched: result.touched, newAlerts: result.newAlerts });
    return { user: result.user };
  });
}
