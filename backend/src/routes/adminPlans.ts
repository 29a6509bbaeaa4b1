import { planParamsSchema, ROUTES, updatePlanRequestSchema } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { updatePlan } from '../domain/plans.ts';
import { parseOr400 } from '../errors.ts';

/** The operator console's plans: change a plan's limits and prices. Admins only. */
export async function registerAdminPlanRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.patch(ROUTES.adminPlan, { onRequest: authenticateBeforeBody(ctx.guard.admin) }, async (request) => {
    await ctx.guard.admin(request);
    const { planId } = parseOr400(planParamsSchema, request.params, 'path');
    const body = parseOr400(updatePlanRequestSchema, request.body, 'body');
    const result = await updatePlan({ db: ctx.db, planId, request: body, now: ctx.clock() });
    // Every subscriber's figures are now held against new limits: caches and live views hear it like a
    // report, in this process and (through the feed) in every other.
    ctx.changes.publish({ touched: result.touched, newAlerts: result.newAlerts });
    return { plan: result.plan };
  });
}
