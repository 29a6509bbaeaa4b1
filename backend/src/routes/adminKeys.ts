import {
  apiKeyIdParamsSchema,
  createApiKeyRequestSchema,
  ROUTES,
  renameApiKeyRequestSchema,
} from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { createKey, listKeys, renameKey, revokeKey } from '../domain/apiKeys.ts';
import { parseOr400 } from '../errors.ts';

/** The operator console's ingestion keys: list, create (secret shown once), rename, revoke. Admins only. */
export async function registerAdminKeyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const adminFirst = { onRequest: authenticateBeforeBody(ctx.guard.admin) };

  app.get(ROUTES.adminKeys, async (request) => {
    await ctx.guard.admin(request);
    return { keys: await listKeys({ db: ctx.db }) };
  });

  app.post(ROUTES.adminKeys, adminFirst, async (request, reply) => {
    await ctx.guard.admin(request);
    const { name } = parseOr400(createApiKeyRequestSchema, request.body, 'body');
    const created = await createKey({ db: ctx.db, name, now: ctx.clock() });
    // The secret is in this reply only: keep it out of any shared cache.
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });

  app.patch(ROUTES.adminKey, adminFirst, async (request) => {
    await ctx.guard.admin(request);
    const { keyId } = parseOr400(apiKeyIdParamsSchema, request.params, 'path');
    const { name } = parseOr400(renameApiKeyRequestSchema, request.body, 'body');
    return { key: await renameKey({ db: ctx.db, keyId, name }) };
  });

  // Takes no body; one sent anyway is read only for an admin, and ignored.
  app.post(ROUTES.adminKeyRevoke, adminFirst, async (request) => {
    await ctx.guard.admin(request);
    const { keyId } = parseOr400(apiKeyIdParamsSchema, request.params, 'path');
    return { key: await revokeKey({ db: ctx.db, keyId, now: ctx.clock() }) };
  });
}
