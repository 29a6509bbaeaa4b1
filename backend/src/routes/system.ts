import { ROUTES } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { checkDatabase } from '../domain/system.ts';
import { describeSignedInUser } from '../domain/users.ts';
import { featureFlags } from '../featureFlags.ts';

export async function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const startedAt = Date.now();

  app.get(ROUTES.liveness, async (_request, reply) => {
    await checkDatabase({ db: ctx.db });
    return reply.send({
      status: 'ok',
      database: ctx.dialect,
      uptime_seconds: (Date.now() - startedAt) / 1000,
    });
  });

  app.get(ROUTES.featureFlags, async () => ({ flags: featureFlags(ctx.config.FEATURE_FLAGS) }));

  app.get(ROUTES.me, async (request) => {
    const principal = await ctx.guard.user(request);
    return describeSignedInUser({ db: ctx.db, principal });
  });
}
