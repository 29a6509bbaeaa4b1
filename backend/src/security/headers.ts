import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

/** Security headers on every reply (API and dashboard alike). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    // No defaults: helmet's default adds upgrade-insecure-requests, which breaks a plain-HTTP run.
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
  });
}
