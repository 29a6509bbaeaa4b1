import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorBodySchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTokenService } from '../src/auth/tokens.ts';
import { CHILD_SECRET, type ChildServer, prepareDatabase, startChildServer } from './childServer.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { type RawReply, rawExchange } from './rawHttp.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function expectApiError(reply: RawReply, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toContain('application/json');
  const { error } = errorBodySchema.parse(JSON.parse(reply.body));
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  // The security headers, as on every other reply.
  expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.headers['referrer-policy']).toBe('no-referrer');
  return error;
}

describe('requests the HTTP parser refuses', () => {
  it('answers headers over the limit 431 in the error shape, with the security headers', async () => {
    const reply = await rawExchange(t.port, [
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]);
    const error = expectApiError(reply, 431, 'headers_too_large');
    expect(error.message).toContain('16 KB');
  });

  it.each([
    ['a request line that is not HTTP', 'NOT A REQUEST\r\n\r\n'],
    ['a header name with a space', 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n'],
    [
      'a bad chunk size',
      'POST /api/usage/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
  ])('answers %s 400 in the error shape, with the security headers', async (_name, request) => {
    expectApiError(await rawExchange(t.port, [request]), 400, 'validation_error');
  });

  it('answers a broken %-escape (refused before routing) with the security headers', async () => {
    const reply = await rawExchange(t.port, [
      'GET /api/billing/usage/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    ]);
    expectApiError(reply, 400, 'validation_error');
  });

  it('goes on serving after refusing them', async () => {
    expect((await call(t.url, '/api/health')).status).toBe(200);
  });
});

describe('an oversize WebSocket message', () => {
  let dir: string;
  let child: ChildServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spendscope-ws-log-'));
    const databasePath = join(dir, 'db.sqlite');
    const key = await prepareDatabase(databasePath);
    child = await startChildServer(databasePath, { LOG_LEVEL: 'info' });
    const res = await call(child.url, '/api/usage/events', {
      token: key,
      body: { events: [{ event_id: 'ws-log-1', user_id: 'ws-log', provider: 'serper' }] },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    child.process.kill('SIGTERM');
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes the socket and logs one line at warn, without a stack', async () => {
    const token = await createTokenService(CHILD_SECRET).sign({ userId: 'ws-log', role: 'user' });
    const socket = new WebSocket(`${child.url.replace('http', 'ws')}/ws/billing/ws-log`, ['bearer', token]);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});
    socket.send('x'.repeat(5000));
    await closed;
    // The log line is written as the server closes the socket; wait for it to arrive.
    const lines = () =>
      child
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string; err?: unknown; stack?: unknown });
    await expect.poll(() => lines().some((l) => l.msg.includes('over 4096 bytes'))).toBe(true);
    const line = lines().find((l) => l.msg.includes('over 4096 bytes'));
    expect(line?.level).toBe(40);
    expect(line).not.toHaveProperty('err');
    expect(child.output()).not.toContain('"stack"');
    expect(lines().filter((l) => l.level >= 50)).toEqual([]);
  });
});
