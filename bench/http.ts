import { Agent, type ClientRequest, request } from 'node:http';

/**
 * How long an idle kept-alive socket is kept: well under the server's keep-alive timeout (72 s by
 * default), so the client lets a socket go before the server does.
 */
export const IDLE_SOCKET_MS = 30_000;

const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_SOCKET_MS });

export type Reply = { status: number; text: string };

/**
 * A server may close an idle kept-alive socket just as a request goes out on it; the request then fails
 * with a reset or a hang-up before any reply. When the client's own thread was busy (the benchmark's
 * baseline phase aggregates raw events for over a minute), it has not seen the close yet and hands out
 * the dead socket. Such a request never reached the application, so sending it again on a fresh socket
 * is safe (and reports are idempotent by event_id in any case).
 */
export function failedOnStaleSocket(req: ClientRequest, error: NodeJS.ErrnoException): boolean {
  return req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
}

function sendOnce(
  url: string,
  options: { method?: string; token?: string; body?: Buffer; contentType?: string },
): Promise<Reply | 'stale'> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      {
        agent,
        method: options.method ?? (options.body ? 'POST' : 'GET'),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body
            ? {
                'content-type': options.contentType ?? 'application/json',
                'content-length': options.body.length,
              }
            : {}),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && failedOnStaleSocket(req, error)) resolve('stale');
      else reject(error);
    });
    req.end(options.body);
  });
}

/**
 * One HTTP request over a kept-alive connection; resolves with the status and the body text. A request
 * that failed on a reused socket before any reply is sent again (see failedOnStaleSocket).
 */
export async function send(
  url: string,
  options: { method?: string; token?: string; body?: Buffer; contentType?: string },
): Promise<Reply> {
  // Every free socket may be stale after a long pause, so try as many times as there can be sockets.
  for (let attempt = 0; attempt <= 256; attempt++) {
    const reply = await sendOnce(url, options);
    if (reply !== 'stale') return reply;
  }
  throw new Error(`${url}: every kept-alive socket was closed by the server`);
}

/** Closes idle kept-alive connections, so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
