import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const WINDOW_MS = 60_000;

/** Only the API, OTLP ingestion and the live channel are limited; the dashboard's static files are not. */
function isLimitedPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/ws/') || url.startsWith('/v1/');
}

/**
 * Whose budget a request spends: its API key or token (hashed, so no credential is kept in memory),
 * the token a WebSocket handshake carries (subprotocol or `?token=`), or else the caller's address.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const queryToken = (request.query as Record<string, unknown> | undefined)?.token;
  const credential =
    request.headers.authorization ??
    request.headers['sec-websocket-protocol'] ??
    (typeof queryToken === 'string' ? queryToken : undefined);
  if (!credential) return `ip:${request.ip}`;
  return `cred:${createHash('sha256').update(credential).digest('base64url')}`;
}

/**
 * Limits each API key and token to `perMinute` requests a minute; over it, a 429 in the API's error
 * shape with Retry-After. `perMinute` 0 leaves requests unlimited.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: WINDOW_MS,
    hook: 'onRequest',
    // Bounded memory however many distinct callers appear; the least recent bucket is dropped first.
    cache: 20_000,
    allowList: (request) => !isLimitedPath(request.url),
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `too many requests: at most ${context.max} a minute for one API key or token; retry in ${context.after}`,
      ),
  });
}
