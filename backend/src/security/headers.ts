import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The Content-Security-Policy every reply carries. Scripts come only from our own origin (the Vite
 * build has no inline script), so an injected `<script>` or `onerror=` never runs. Styles allow
 * 'unsafe-inline' because Recharts and motion set style attributes at run time. The dashboard opens
 * its WebSocket to the same host, hence `ws:`/`wss:` in connect-src.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** helmet's settings, the one source of the security headers. */
const HELMET_OPTIONS = {
  // No defaults: helmet's default adds upgrade-insecure-requests, which breaks a plain-HTTP run.
  contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
} satisfies HelmetOptions;

/** Security headers on every reply (API and dashboard alike). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...HELMET_OPTIONS });
}

/**
 * The same security headers as name → value, for replies written outside Fastify's lifecycle (the
 * HTTP parser's errors, answered straight on the socket). Taken from helmet itself, run once on a
 * detached response, so the two can never differ.
 */
export function securityHeaders(): Record<string, string> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(HELMET_OPTIONS)(response.req, response, () => {});
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
