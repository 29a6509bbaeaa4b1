import { type BillingSocketMessage, billingSocketMessageSchema } from '@spendscope/contracts';
import WebSocket from 'ws';

/** A test client on `/ws/billing/:userId` that parses every message with the contract union. */
export type SocketClient = {
  messages: BillingSocketMessage[];
  /** When each message arrived (`performance.now()`), by index of `messages`. */
  arrivedAt: number[];
  /** Resolves with the first message (already received or to come) for which `match` holds. */
  waitFor(
    match: (message: BillingSocketMessage) => boolean,
    timeoutMs?: number,
  ): Promise<BillingSocketMessage>;
  close(): Promise<void>;
  socket: WebSocket;
};

/** How the token travels: the subprotocol header (as browsers send it) or the query string. */
export type TokenVia = 'protocol' | 'query';

/** Opens a socket; rejects with the HTTP status when the handshake is refused. */
export function connectSocket(
  baseUrl: string,
  userId: string,
  token: string | undefined,
  via: TokenVia = 'protocol',
): Promise<SocketClient> {
  const wsBase = baseUrl.replace(/^http/, 'ws');
  const path = `/ws/billing/${encodeURIComponent(userId)}`;
  const url =
    via === 'query' && token ? `${wsBase}${path}?token=${encodeURIComponent(token)}` : `${wsBase}${path}`;
  const socket = via === 'protocol' && token ? new WebSocket(url, ['bearer', token]) : new WebSocket(url);
  const messages: BillingSocketMessage[] = [];
  const arrivedAt: number[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(billingSocketMessageSchema.parse(JSON.parse(String(data))));
    arrivedAt.push(performance.now());
    for (const wake of waiters) wake();
  });
  const client: SocketClient = {
    messages,
    arrivedAt,
    socket,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) =>
      reject(new HandshakeRefused(response.statusCode ?? 0)),
    );
    socket.once('error', reject);
  });
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}
