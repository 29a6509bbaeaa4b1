import { alertIdParamsSchema, alertsQuerySchema, ROUTES, userParamsSchema } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { getUserAlerts, readAlert } from '../domain/alertInbox.ts';
import { parseOr400 } from '../errors.ts';

export async function registerAlertRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(ROUTES.alerts, async (request) => {
    const { userId } = parseOr400(userParamsSchema, request.params, 'path');
    const { unread_only } = parseOr400(alertsQuerySchema, request.query, 'query');
    await ctx.guard.reader(request, userId);
    return getUserAlerts({ db: ctx.db, userId, unreadOnly: unread_only });
  });

  // A POST: whatever body comes is refused unread unless the caller is signed in.
  app.post(ROUTES.alertRead, { onRequest: authenticateBeforeBody(ctx.guard.user) }, async (request) => {
    // Who owns the alert is known only after reading it, so the owner check happens in readAlert.
    const reader = await ctx.guard.user(request);
    const { alertId } = parseOr400(alertIdParamsSchema, request.params, 'path');
    const alert = await readAlert({ db: ctx.db, alertId, reader, now: ctx.clock() });
    // The read state shows in usage and the dashboard: caches and live views hear it like a report.
    ctx.changes.publish({
      touched: [{ userId: alert.user_id, period: alert.billing_period }],
      newAlerts: [],
    });
    return { alert };
  });
}
