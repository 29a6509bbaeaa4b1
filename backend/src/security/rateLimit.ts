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
 * Whose budget a request spends: the credential it presents, as parsed once for the guard (hashed, so
 * no credential is kept in memory), so every spelling of `Bearer` and every place a handshake may carry
 * its token share one budget; a request without a well-formed credential spends its address's budget.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const credential = request.credential;
  if (credential.kind === 'none' || credential.kind === 'malformed') return `ip:${request.ip}`;
  return `cred:${createHash('sha256').update(credential.secret).digest('base64url')}`;
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
