import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import { findActiveApiKey, looksLikeApiKey } from './apiKeys.ts';
import type { Principal, TokenService } from './tokens.ts';

/** The bearer credential of a request, if any. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}

export type Guard = {
  /** A signed-in user or admin, from the bearer token. */
  user(request: FastifyRequest): Promise<Principal>;
  /** An admin, from the bearer token. */
  admin(request: FastifyRequest): Promise<Principal>;
  /** A signed-in principal allowed to see `userId`'s data: that user, or an admin. */
  reader(request: FastifyRequest, userId: string): Promise<Principal>;
  /** A valid, unrevoked ingestion key. */
  apiKey(request: FastifyRequest): Promise<number>;
  /** Verifies a raw token (WebSocket handshakes carry it outside the header). */
  token(token: string | undefined): Promise<Principal>;
};

export function createGuard(db: Kysely<Database>, tokens: TokenService): Guard {
  async function verifyToken(token: string | undefined): Promise<Principal> {
    if (!token) throw unauthorized('sign in: send Authorization: Bearer <token>');
    if (looksLikeApiKey(token)) throw unauthorized('this route takes a user token, not an ingestion key');
    return tokens.verify(token);
  }
  return {
    async token(token) {
      if (!token) {
        throw unauthorized(
          "sign in: a WebSocket carries the token as Sec-WebSocket-Protocol 'bearer, <token>' or ?token=<token>",
        );
      }
      return verifyToken(token);
    },
    user: (request) => verifyToken(bearerOf(request)),
    async admin(request) {
      const principal = await verifyToken(bearerOf(request));
      if (principal.role !== 'admin') throw forbidden('only an admin may do this');
      return principal;
    },
    async reader(request, userId) {
      const principal = await verifyToken(bearerOf(request));
      assertMaySee(principal, userId);
      return principal;
    },
    async apiKey(request) {
      const key = bearerOf(request);
      if (!key) throw unauthorized('reporting needs an ingestion key: send Authorization: Bearer sk_…');
      if (!looksLikeApiKey(key))
        throw unauthorized('reporting takes an ingestion key (sk_…), not a user token');
      const id = await findActiveApiKey(db, key);
      if (id === undefined) throw new AppError('unauthorized', 'the ingestion key is unknown or revoked');
      return id;
    },
  };
}

/** A user sees only themself; an admin sees everyone. */
export function assertMaySee(principal: Principal, userId: string): void {
  if (principal.role === 'admin' || principal.userId === userId) return;
  throw forbidden('you may only see your own usage');
}
