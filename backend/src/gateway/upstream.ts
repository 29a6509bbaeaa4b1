import type { IncomingHttpHeaders } from 'node:http';
import { SPENDSCOPE_HEADER_PREFIX } from '@spendscope/contracts';
import { Agent, errors } from 'undici';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1); never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers the gateway sets itself on the upstream request. */
const SET_BY_GATEWAY = new Set(['host', 'content-length', 'accept-encoding', 'expect']);

function connectionTokens(headers: IncomingHttpHeaders | Record<string, unknown>): Set<string> {
  const value = headers.connection;
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return new Set(
    text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The client's headers as the upstream gets them: the provider credential and everything else the
 * SDK sent, less hop-by-hop headers and every `x-spendscope-*` header. The reply is asked for
 * uncompressed, so its usage can be read as it passes.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  bodyLength: number,
): Record<string, string> {
  const named = connectionTokens(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || SET_BY_GATEWAY.has(name) || named.has(name)) continue;
    if (name.startsWith(SPENDSCOPE_HEADER_PREFIX)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['accept-encoding'] = 'identity';
  out['content-length'] = String(bodyLength);
  return out;
}

/** The upstream's reply headers as the client gets them: hop-by-hop ones dropped. */
export function clientReplyHeaders(
  headers: Record<string, string | string[] | undefined>,
  options: { keepsLength: boolean },
): Record<string, string | string[]> {
  const named = connectionTokens(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || named.has(name) || name.startsWith(SPENDSCOPE_HEADER_PREFIX)) continue;
    if (name === 'content-length' && !options.keepsLength) continue;
    out[name] = value;
  }
  return out;
}

/** One connection pool for every upstream, kept alive between calls. */
export function createUpstreamAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: null, pipelining: 1 });
}

/** How a failed upstream request is answered: 504 when it was too slow, 502 otherwise. */
export function failureOf(error: unknown): { status: 502 | 504; message: string } {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return { status: 504, message: 'the upstream did not answer in time' };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const reason = typeof code === 'string' ? code : typeof cause === 'string' ? cause : 'connection failed';
  return { status: 502, message: `the upstream could not be reached (${reason})` };
}
