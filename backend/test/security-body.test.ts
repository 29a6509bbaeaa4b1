import { errorBodySchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/app.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { rawExchange } from './rawHttp.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A head announcing `length` bytes of JSON, and the first bytes of that body — the rest never comes. */
function halfSentBody(method: string, path: string, length: number, authorization?: string) {
  const head = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    '',
    '',
  ].join('\r\n');
  return [head, '{"events":[{"event_id":"never-finished",'];
}

function expectError(reply: { status: number; body: string }, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(errorBodySchema.parse(JSON.parse(reply.body)).error.code).toBe(code);
}

describe('credentials before bodies', () => {
  it('answers an unauthenticated report over the body limit 401, not 413: the body is never looked at', async () => {
    const reply = await rawExchange(t.port, halfSentBody('POST', '/api/usage/events', BODY_LIMIT_BYTES * 2));
    expectError(reply, 401, 'unauthorized');
  });

  // The server answers while most of the body is still to come, so it cannot have parsed it; it then
  // closes the connection instead of reading the rest.
  it.each([
    ['POST', '/api/usage/events', undefined, 401],
    ['POST', '/api/usage/check', 'Bearer not-a-key', 401],
    ['POST', '/api/billing/pricing', undefined, 401],
    ['PUT', '/api/billing/users/someone', 'bearer sk_unknown', 401],
    ['POST', '/api/billing/alerts/1/read', undefined, 401],
  ] as const)(
    'refuses %s %s (%s) before its body has arrived, and closes the connection',
    async (method, path, auth, status) => {
      const reply = await rawExchange(t.port, halfSentBody(method, path, 4 * 1024 * 1024, auth));
      expectError(reply, status, 'unauthorized');
      expect(reply.headers.connection).toBe('close');
      // The refusal carries the security headers like any other reply.
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    },
  );

  it('refuses a user without admin rights before the body of a price change arrives (403)', async () => {
    const token = await t.tokenFor('body-user');
    const reply = await rawExchange(
      t.port,
      halfSentBody('POST', '/api/billing/pricing', 1024 * 1024, `Bearer ${token}`),
    );
    expectError(reply, 403, 'forbidden');
  });

  it('answers a body sent to a path without a route 404 before the body has arrived', async () => {
    const reply = await rawExchange(t.port, halfSentBody('POST', '/api/no-such-route', 1024 * 1024));
    expectError(reply, 404, 'not_found');
  });

  it('still reads and answers the body of a report with a valid key', async () => {
    const res = await call(t.url, '/api/usage/events', {
      token: t.apiKey,
      body: { events: [{ event_id: 'body-ok', user_id: 'body-user', provider: 'serper' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1 });
  });
});
