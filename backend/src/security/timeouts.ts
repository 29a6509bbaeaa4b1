import type { ServerOptions } from 'node:http';
import type { Config } from '../config.ts';

/**
 * How often Node looks for requests past their header or request deadline. Node's default (30 s) would
 * let a stalled connection live up to 30 s beyond its deadline; a pass over the open connections each
 * second costs next to nothing.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * The HTTP server's deadlines, so a client cannot hold a connection open by sending slowly:
 * headers must arrive within HTTP_HEADERS_TIMEOUT_MS, the whole request (headers and body) within
 * HTTP_REQUEST_TIMEOUT_MS (Node answers 408 and closes), a socket with no traffic at all is closed after
 * HTTP_CONNECTION_TIMEOUT_MS, and an idle kept-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS.
 * WebSockets are not affected: the upgrade clears the socket's inactivity timeout.
 */
export function serverTimeouts(
  config: Pick<
    Config,
    | 'HTTP_HEADERS_TIMEOUT_MS'
    | 'HTTP_REQUEST_TIMEOUT_MS'
    | 'HTTP_CONNECTION_TIMEOUT_MS'
    | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
  >,
): {
  http: ServerOptions;
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
} {
  return {
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, config.HTTP_HEADERS_TIMEOUT_MS),
    },
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  };
}
