import type {} from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { CLOSE_GOING_AWAY } from './socketLimit.ts';

export const SHUTDOWN_REASON = 'the server is shutting down; reconnect shortly';

/**
 * Makes closing the app quick and clean. Live WebSockets get a proper close (1001 going away, with a
 * reason) so clients know to reconnect rather than treat it as a failure; a request still in flight is
 * answered with `Connection: close`, so no idle keep-alive connection holds the shutdown open.
 * Register before @fastify/websocket: preClose hooks run in order, and its own closes without a code.
 */
export function closeConnectionsOnShutdown(app: FastifyInstance): void {
  let isClosing = false;
  app.addHook('preClose', (done) => {
    isClosing = true;
    if (app.hasDecorator('websocketServer')) {
      for (const client of app.websocketServer.clients) client.close(CLOSE_GOING_AWAY, SHUTDOWN_REASON);
    }
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (isClosing) reply.header('connection', 'close');
    return payload;
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
  let isShuttingDown = false;
  const shutdown = (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
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
