import type {} from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { CLOSE_GOING_AWAY } from './socketLimit.ts';

export const SHUTDOWN_REASON = 'the server is shutting down; reconnect shortly';

/**
 * When the app closes, live WebSockets get a proper close (1001 going away, with a reason) so clients
 * know to reconnect rather than treat it as a failure. Register before @fastify/websocket: preClose
 * hooks run in order, and its own hook closes sockets without a code.
 */
export function closeSocketsOnShutdown(app: FastifyInstance): void {
  app.addHook('preClose', (done) => {
    if (app.hasDecorator('websocketServer')) {
      for (const client of app.websocketServer.clients) client.close(CLOSE_GOING_AWAY, SHUTDOWN_REASON);
    }
    done();
  });
}

/**
 * On SIGTERM or SIGINT: `close` stops accepting connections, lets requests in flight finish (a report
 * being ingested commits and is answered) and closes sockets; then the process exits 0. If closing
 * takes longer than `timeoutMs` or fails, it exits 1 so a supervisor notices.
 */
export function exitGracefullyOnSignals(options: {
  close: () => Promise<void>;
  timeoutMs: number;
  log: FastifyBaseLogger;
}): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    options.log.info(`${signal} received: finishing requests in flight, then exiting`);
    const timer = setTimeout(() => {
      options.log.error(`shutdown took longer than ${options.timeoutMs} ms: exiting anyway`);
      process.exit(1);
    }, options.timeoutMs);
    timer.unref();
    options.close().then(
      () => process.exit(0),
      (error: unknown) => {
        options.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
