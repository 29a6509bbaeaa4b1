import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Requests that passed their route's check in `authenticateBeforeBody`. */
const authenticated = new WeakSet<FastifyRequest>();

/** Whether the request carries a body Fastify would read and parse. */
export function carriesBody(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A route's onRequest hook that runs its credential check before Fastify reads the body, so a request
 * without the right credential is refused without a byte of its body being buffered or parsed. On a
 * refusal with a body still to come, the connection is closed after the reply rather than drained.
 * The handler asks the guard again and gets the remembered answer.
 */
export function authenticateBeforeBody(check: (request: FastifyRequest) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      await check(request);
    } catch (error) {
      if (carriesBody(request)) reply.header('connection', 'close');
      throw error;
    }
    authenticated.add(request);
  };
}

/**
 * Holds the rule for every route, present and future: a body is parsed only for a request its route
 * has authenticated first (`authenticateBeforeBody`). A body sent to a route that takes none, or to a
 * path with no route, is refused before it is read.
 */
export function registerBodyGate(
  app: FastifyInstance,
  options: { noRoute: (request: FastifyRequest) => string },
) {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (authenticated.has(request) || !carriesBody(request)) return payload;
    reply.header('connection', 'close');
    if (request.is404) throw new AppError('not_found', options.noRoute(request));
    throw new AppError(
      'validation_error',
      `${request.method} ${request.routeOptions.url} takes no body: send the request without one`,
    );
  });
}
