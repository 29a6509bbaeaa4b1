import websocket from '@fastify/websocket';
import { ROUTES, userParamsSchema } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { BEARER_PROTOCOL } from '../auth/credential.ts';
import { cachedUsageStats } from '../cache/reads.ts';
import type { AppContext } from '../context.ts';
import { requireUser } from '../domain/users.ts';
import { AppError, parseOr400 } from '../errors.ts';
import { CLOSE_POLICY_VIOLATION, createSocketLimiter } from '../security/socketLimit.ts';
import { BillingHub } from './hub.ts';

/** Clients have nothing to say on this channel; anything larger than this closes the socket. */
const MAX_CLIENT_MESSAGE_BYTES = 4096;

/** ws's protocol errors (`WS_ERR_…`) and a client vanishing mid-frame. */
function isClientFault(code: unknown): boolean {
  return (
    typeof code === 'string' && (code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE')
  );
}

/**
 * `/ws/billing/:userId`: authorized like a read of that user's usage before the upgrade (401, 403 or
 * 404 as plain HTTP), then fed by a BillingHub from the change feed.
 */
export async function registerBillingSocket(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(websocket, {
    options: {
      maxPayload: MAX_CLIENT_MESSAGE_BYTES,
      // A browser that offered subprotocols must get one back, or it drops the connection. Answer
      // `bearer` when offered, so the token is not echoed in the reply.
      handleProtocols: (protocols) =>
        protocols.has(BEARER_PROTOCOL) ? BEARER_PROTOCOL : (protocols.values().next().value ?? false),
    },
    errorHandler: (error: Error & { code?: unknown }, socket, request) => {
      // A client breaking the protocol (a message over the cap, a bad frame) or dropping the connection
      // is routine: one line at warn, without a stack. Anything else is ours.
      if (isClientFault(error.code)) {
        request.log.warn(
          { code: error.code, route: ROUTES.billingSocket },
          error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
            ? `live socket closed: a client message was over ${MAX_CLIENT_MESSAGE_BYTES} bytes`
            : `live socket closed: ${error.message}`,
        );
      } else {
        request.log.error({ err: error }, 'live socket failed');
      }
      socket.terminate();
    },
  });

  const hub = new BillingHub({
    changes: ctx.changes,
    loadStats: (userId) => cachedUsageStats(ctx, { userId }),
    onCount: (count) => ctx.metrics.setSocketClients(count),
    onError: (error, userId) => app.log.warn({ err: error, userId }, 'live usage update failed'),
  });
  app.addHook('preClose', async () => hub.close());
  const sockets = createSocketLimiter(ctx.config.WS_MAX_CONNECTIONS_PER_USER);

  app.route({
    method: 'GET',
    url: ROUTES.billingSocket,
    preValidation: async (request) => {
      const { userId } = parseOr400(userParamsSchema, request.params, 'path');
      await ctx.guard.reader(request, userId);
      await requireUser({ db: ctx.db, userId });
      // Refused as plain HTTP before the upgrade while the user already holds the most allowed.
      if (sockets.count(userId) >= sockets.maxPerUser) throw new AppError('rate_limited', sockets.refusal);
    },
    wsHandler: (socket, request) => {
      const { userId } = parseOr400(userParamsSchema, request.params, 'path');
      const release = sockets.acquire(userId);
      if (!release) return socket.close(CLOSE_POLICY_VIOLATION, sockets.refusal);
      socket.on('close', release);
      const member = hub.join(userId, socket);
      socket.on('pong', member.alive);
      socket.on('close', member.leave);
    },
    // A request that did not ask to upgrade: say what this endpoint is instead of an empty 404.
    handler: async () => {
      throw new AppError(
        'validation_error',
        `this is a WebSocket endpoint: connect with new WebSocket(url, ['${BEARER_PROTOCOL}', token])`,
      );
    },
  });
}
