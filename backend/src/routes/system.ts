import { ROUTES } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { pingDatabase } from '../db/migrations.ts';
import { getUser } from '../db/users.ts';
import { AppError } from '../errors.ts';
import { featureFlags } from '../featureFlags.ts';

export async function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const startedAt = Date.now();

  app.get(ROUTES.liveness, async (_request, reply) => {
    try {
      await pingDatabase(ctx.db);
    } catch {
      throw new AppError('unavailable', 'the database does not answer');
    }
    return reply.send({
      status: 'ok',
      database: ctx.dialect,
      uptime_seconds: (Date.now() - startedAt) / 1000,
    });
  });

  app.get(ROUTES.featureFlags, async () => ({ flags: featureFlags(ctx.config.FEATURE_FLAGS) }));

  app.get(ROUTES.me, async (request) => {
    const principal = await ctx.guard.user(request);
    const user = await getUser(ctx.db, principal.userId);
    return {
      user_id: principal.userId,
      role: principal.role,
      display_name: user?.display_name ?? principal.userId,
    };
  });
}
