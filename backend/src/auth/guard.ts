import { GATEWAY_HEADERS } from '@spendscope/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import { findActiveApiKey, looksLikeApiKey } from './apiKeys.ts';
import { BEARER_PROTOCOL, type Credential, isWebSocketHandshake } from './credential.ts';
import type { Principal, TokenService } from './tokens.ts';

export type Guard = {
  /** A signed-in user or admin, from the bearer token (a handshake's subprotocol or `?token=` too). */
  user(request: FastifyRequest): Promise<Principal>;
  /** An admin, from the bearer token. */
  admin(request: FastifyRequest): Promise<Principal>;
  /** A signed-in principal allowed to see `userId`'s data: that user, or an admin. */
  reader(request: FastifyRequest, userId: string): Promise<Principal>;
  /** A valid, unrevoked ingestion key; its id. */
  apiKey(request: FastifyRequest): Promise<number>;
  /**
   * The gateway's ingestion key, from `x-spendscope-key` (its Authorization header is the provider's
   * credential, forwarded untouched); the same keys and the same checks as `apiKey`.
   */
  gatewayKey(request: FastifyRequest): Promise<number>;
  /** `/metrics`: open while no metrics token is configured, else only that token. */
  metrics(request: FastifyRequest): void;
};

/**
 * Every credential check, each on the request's parsed credential (`request.credential`, set by
 * `registerCredentials`), so what the guard accepts and what the rate limiter counts are one thing.
 */
export function createGuard(
  db: Kysely<Database>,
  tokens: TokenService,
  options: {
    metricsToken?: string | undefined;
    /** Told each time a key authenticates a request (to keep its `last_used_at`); must not block. */
    onKeyUsed?: ((id: number) => void) | undefined;
  } = {},
): Guard {
  function signInMessage(request: FastifyRequest): string {
    return isWebSocketHandshake(request)
      ? `sign in: a WebSocket carries the token as Sec-WebSocket-Protocol '${BEARER_PROTOCOL}, <token>' or ?token=<token>`
      : 'sign in: send Authorization: Bearer <token>';
  }

  // A route that authenticates before its body is read asks again in its handler: answer from memory.
  const principals = new WeakMap<FastifyRequest, Promise<Principal>>();
  const keyIds = new WeakMap<FastifyRequest, Promise<number>>();
  const gatewayKeyIds = new WeakMap<FastifyRequest, Promise<number>>();
  function once<T>(
    memo: WeakMap<FastifyRequest, Promise<T>>,
    request: FastifyRequest,
    check: () => Promise<T>,
  ) {
    const known = memo.get(request);
    if (known) return known;
    const result = check();
    memo.set(request, result);
    return result;
  }

  function verifyToken(request: FastifyRequest): Promise<Principal> {
    return once(principals, request, () => principalOf(request));
  }

  async function principalOf(request: FastifyRequest): Promise<Principal> {
    const credential: Credential = request.credential;
    switch (credential.kind) {
      case 'none':
        throw unauthorized(signInMessage(request));
      case 'malformed':
        throw unauthorized(credential.problem);
      case 'ingestion_key':
        throw unauthorized('this route takes a user token, not an ingestion key');
      case 'metrics_token':
        throw unauthorized('this route takes a user token, not the metrics token');
      case 'user_token':
        return tokens.verify(credential.secret);
    }
  }

  return {
    user: verifyToken,
    async admin(request) {
      const principal = await verifyToken(request);
      if (principal.role !== 'admin') throw forbidden('only an admin may do this');
      return principal;
    },
    async reader(request, userId) {
      const principal = await verifyToken(request);
      assertMaySee(principal, userId);
      return principal;
    },
    apiKey: (request) => once(keyIds, request, () => apiKeyOf(request.credential)),
    gatewayKey: (request) => once(gatewayKeyIds, request, () => gatewayKeyOf(request)),
    metrics(request) {
      if (!options.metricsToken) return;
      const credential = request.credential;
      if (credential.kind === 'none')
        throw unauthorized('metrics need the scrape token: send Authorization: Bearer <METRICS_TOKEN>');
      if (credential.kind !== 'metrics_token') throw unauthorized('the metrics token is wrong');
    },
  };

  async function gatewayKeyOf(request: FastifyRequest): Promise<number> {
    const header = request.headers[GATEWAY_HEADERS.key];
    const secret = typeof header === 'string' ? header.trim() : '';
    if (secret === '')
      throw unauthorized(`the gateway needs an ingestion key: send ${GATEWAY_HEADERS.key}: sk_…`);
    if (!looksLikeApiKey(secret))
      throw unauthorized(`${GATEWAY_HEADERS.key} takes an ingestion key (sk_…), not a user token`);
    return apiKeyOf({ kind: 'ingestion_key', secret, source: 'header' });
  }

  async function apiKeyOf(credential: Credential): Promise<number> {
    if (credential.kind === 'none')
      throw unauthorized('reporting needs an ingestion key: send Authorization: Bearer sk_…');
    if (credential.kind === 'malformed') throw unauthorized(credential.problem);
    if (credential.kind !== 'ingestion_key')
      throw unauthorized('reporting takes an ingestion key (sk_…), not a user token');
    const id = await findActiveApiKey(db, credential.secret);
    if (id === undefined) throw new AppError('unauthorized', 'the ingestion key is unknown or revoked');
    options.onKeyUsed?.(id);
    return id;
  }
}

/** A user sees only themself; an admin sees everyone. */
export function assertMaySee(principal: Principal, userId: string): void {
  if (principal.role === 'admin' || principal.userId === userId) return;
  throw forbidden('you may only see your own usage');
}
