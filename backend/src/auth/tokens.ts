import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Role, roleSchema } from '@spendscope/contracts';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from '../errors.ts';

/** Who is asking: a user (or admin) from a signed token. */
export type Principal = { userId: string; role: Role };

export type TokenService = {
  sign(principal: Principal, ttlSeconds?: number): Promise<string>;
  verify(token: string): Promise<Principal>;
};

const ISSUER = 'spendscope';
/** Tokens last a week unless asked otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Signs and verifies HS256 tokens whose subject is a user id and which carry a role and an expiry. A
 * token without `exp`, or whose `sub` is not a string, is refused however well it is signed.
 */
export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign({ userId, role }, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS) {
      return new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub'],
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') {
          throw unauthorized('the token must name its user as a string "sub" claim');
        }
        const role = roleSchema.safeParse(payload.role);
        if (!role.success) throw unauthorized('the token does not name a role (user or admin)');
        return { userId: payload.sub, role: role.data };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw unauthorized('the token has expired: sign in again');
        if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') {
          throw unauthorized(
            `the token has no "${error.claim}" claim: tokens must carry an expiry (exp) and a user (sub)`,
          );
        }
        if (error instanceof errors.JOSEError) throw unauthorized('the token is not valid');
        throw error;
      }
    },
  };
}

/** SPENDSCOPE_SECRET, or a secret generated once and kept in the data folder. */
export function resolveSecret(configured: string | undefined, secretFile: string): string {
  if (configured) return configured;
  if (existsSync(secretFile)) return readFileSync(secretFile, 'utf8').trim();
  mkdirSync(dirname(secretFile), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  return secret;
}
