import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { looksLikeApiKey } from './apiKeys.ts';

/** The subprotocol a browser names next to its token: `new WebSocket(url, ['bearer', token])`. */
export const BEARER_PROTOCOL = 'bearer';

/** Where a credential was found: the Authorization header, or (handshakes only) the subprotocol or `?token=`. */
export type CredentialSource = 'header' | 'subprotocol' | 'query';

/** What a request presents, parsed once per request: every check and every budget keys on this. */
export type Credential =
  | { kind: 'none' }
  | { kind: 'malformed'; problem: string }
  | {
      kind: 'ingestion_key' | 'user_token' | 'metrics_token';
      /** The credential itself, exactly as issued: no scheme, no surrounding whitespace. */
      secret: string;
      source: CredentialSource;
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `registerCredentials` in the first onRequest hook. */
    credential: Credential;
  }
}

/** `Bearer <credential>`: the scheme in any case, any run of spaces or tabs around and between. */
const BEARER_HEADER = /^bearer[ \t]+(\S+)$/i;

const MALFORMED_HEADER = 'the Authorization header must be "Bearer <token>"';

/** A WebSocket upgrade request (the only kind that may carry its token outside the header). */
export function isWebSocketHandshake(request: Pick<FastifyRequest, 'headers'>): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerFromHeader(header: string): string | undefined {
  return BEARER_HEADER.exec(header.trim())?.[1];
}

/** Browsers cannot set a header on a WebSocket: `Sec-WebSocket-Protocol: bearer, <token>` (or the token alone). */
function tokenFromSubprotocol(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return header
    .split(',')
    .map((p) => p.trim())
    .find((p) => p !== '' && p.toLowerCase() !== BEARER_PROTOCOL);
}

function tokenFromQuery(query: unknown): string | undefined {
  const token = (query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token.trim() !== '' ? token.trim() : undefined;
}

/**
 * Turns a request into the credential it presents. The Authorization header wins when present; a
 * WebSocket handshake may instead carry its token in the subprotocol or in `?token=`. A secret equal
 * to `metricsToken` is the metrics token, one starting `sk_` an ingestion key, anything else a user token
 * (whose signature the guard checks).
 */
export function parseCredential(
  request: Pick<FastifyRequest, 'headers' | 'query'>,
  options: { metricsToken?: string | undefined } = {},
): Credential {
  const classify = (secret: string, source: CredentialSource): Credential => ({
    kind:
      options.metricsToken && sameSecret(secret, options.metricsToken)
        ? 'metrics_token'
        : looksLikeApiKey(secret)
          ? 'ingestion_key'
          : 'user_token',
    secret,
    source,
  });
  const header = request.headers.authorization;
  if (header !== undefined && header.trim() !== '') {
    const secret = bearerFromHeader(header);
    return secret ? classify(secret, 'header') : { kind: 'malformed', problem: MALFORMED_HEADER };
  }
  if (!isWebSocketHandshake(request)) return { kind: 'none' };
  const fromProtocol = tokenFromSubprotocol(request.headers['sec-websocket-protocol']);
  if (fromProtocol) return classify(fromProtocol, 'subprotocol');
  const fromQuery = tokenFromQuery(request.query);
  return fromQuery ? classify(fromQuery, 'query') : { kind: 'none' };
}

/**
 * Parses each request's credential once, in an onRequest hook that runs before every other hook (the
 * rate limit among them), and keeps it on `request.credential`. Call before any other hook is added.
 */
export function registerCredentials(
  app: FastifyInstance,
  options: { metricsToken?: string | undefined },
): void {
  app.decorateRequest<Credential | null>('credential', null);
  app.addHook('onRequest', async (request) => {
    request.credential = parseCredential(request, options);
  });
}
