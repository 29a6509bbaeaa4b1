import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

// Short deadlines, so the server's closing is seen within a test; every wait below is generous (the
// server has many times its deadline), and nothing is asserted about how fast it happens.
const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
const KEEP_ALIVE_TIMEOUT_MS = 300;
const GIVE_UP_MS = 15_000;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    env: {
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    },
  });
});
afterAll(() => t.close());

type Outcome = { closedByServer: boolean; received: string };

/**
 * Opens a raw connection, sends `first`, then one more byte of `trickle` every 100 ms (so the socket is
 * never idle), and resolves when the server closes the connection — or, if it never does, after
 * GIVE_UP_MS with `closedByServer: false`.
 */
function holdOpen(first: string, trickle: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect(t.port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (closedByServer: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedByServer, received });
    };
    const giveUp = setTimeout(() => done(false), GIVE_UP_MS);
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('end', () => done(true));
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
    socket.on('connect', () => {
      socket.write(first);
      timer = setInterval(() => {
        if (socket.writable) socket.write(trickle[sent++ % trickle.length]!);
      }, 100);
    });
  });
}

describe('HTTP deadlines', () => {
  it('closes a connection whose headers never finish arriving', async () => {
    const outcome = await holdOpen('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 'a');
    expect(outcome.closedByServer).toBe(true);
    expect(outcome.received).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes a connection whose body never finishes arriving', async () => {
    const head = [
      'POST /api/usage/events HTTP/1.1',
      'Host: localhost',
      `Authorization: Bearer ${t.apiKey}`,
      'Content-Type: application/json',
      'Content-Length: 100000',
      '',
      '{"events":[',
    ].join('\r\n');
    const outcome = await holdOpen(head, ' ');
    expect(outcome.closedByServer).toBe(true);
    expect(outcome.received).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('answers a request sent in full, then closes the connection once it has stayed idle', async () => {
    const outcome = await new Promise<Outcome>((resolve) => {
      const socket = connect(t.port, '127.0.0.1');
      let received = '';
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ closedByServer: false, received });
      }, GIVE_UP_MS);
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ closedByServer: true, received });
      });
      socket.on('connect', () => socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    });
    expect(outcome.received).toMatch(/^HTTP\/1\.1 200/);
    expect(outcome.received.toLowerCase()).toContain(
      `keep-alive: timeout=${Math.floor(KEEP_ALIVE_TIMEOUT_MS / 1000)}`,
    );
    expect(outcome.closedByServer).toBe(true);
  });
});
