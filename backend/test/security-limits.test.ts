import {
  errorBodySchema,
  MAX_BATCH_EVENTS,
  meResponseSchema,
  usageBatchResponseSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/security/headers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { connectSocket, HandshakeRefused } from './ws-client.ts';

const PER_MINUTE = 5;
const SOCKETS_PER_USER = 2;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) } });
});
afterAll(() => t.close());

async function expect429(response: Awaited<ReturnType<typeof call>>) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const { error } = errorBodySchema.parse(response.body);
  expect(error.code).toBe('rate_limited');
  expect(error.message).toContain(`at most ${PER_MINUTE} a minute`);
}

describe('rate limits', () => {
  it('answers 429 with Retry-After once one token has used its requests, and only for that token', async () => {
    const alice = await t.tokenFor('rl-alice');
    const bob = await t.tokenFor('rl-bob');
    for (let i = 0; i < PER_MINUTE; i++) {
      const res = await call(t.url, '/api/me', { token: alice });
      expect(res.status).toBe(200);
      meResponseSchema.parse(res.body);
    }
    await expect429(await call(t.url, '/api/me', { token: alice }));
    const other = await call(t.url, '/api/me', { token: bob });
    expect(other.status).toBe(200);
    expect(meResponseSchema.parse(other.body).user_id).toBe('rl-bob');
  });

  it('limits each ingestion key on its own', async () => {
    const { createApiKey } = await import('../src/auth/apiKeys.ts');
    const { key } = await createApiKey(t.server.ctx.db, 'rate-limited');
    const report = (n: number) =>
      call(t.url, '/api/usage/events', {
        token: key,
        body: { events: [{ event_id: `rl-${n}`, user_id: 'rl-user', provider: 'serper' }] },
      });
    for (let i = 0; i < PER_MINUTE; i++) usageBatchResponseSchema.parse((await report(i)).body);
    await expect429(await report(PER_MINUTE));
    const otherKey = await call(t.url, '/api/usage/events', {
      token: t.apiKey,
      body: { events: [{ event_id: 'rl-other', user_id: 'rl-user', provider: 'serper' }] },
    });
    expect(otherKey.status).toBe(200);
  });

  it('limits callers without a credential by address, but never the dashboard files', async () => {
    for (let i = 0; i < PER_MINUTE; i++) expect((await call(t.url, '/api/feature-flags')).status).toBe(200);
    await expect429(await call(t.url, '/api/feature-flags'));
    const page = await call(t.url, '/billing');
    expect(page.status).not.toBe(429);
  });
});

describe('size limits', () => {
  it(`refuses a report of more than ${MAX_BATCH_EVENTS} events with 413, saying how many are allowed`, async () => {
    const events = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => ({
      event_id: `big-${i}`,
      user_id: 'big-user',
      provider: 'serper',
    }));
    const { createApiKey } = await import('../src/auth/apiKeys.ts');
    const { key } = await createApiKey(t.server.ctx.db, 'big-batches');
    const res = await call(t.url, '/api/usage/events', { token: key, body: { events } });
    expect(res.status).toBe(413);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain(`at most ${MAX_BATCH_EVENTS} events`);
  });
});

describe('live channel', () => {
  it(`lets one user hold at most ${SOCKETS_PER_USER} live connections, and frees a slot on close`, async () => {
    // A server of its own, with the default rate limit, so a 429 here can only come from the cap.
    const own = await startTestServer({ env: { WS_MAX_CONNECTIONS_PER_USER: String(SOCKETS_PER_USER) } });
    await call(own.url, '/api/usage/events', {
      token: own.apiKey,
      body: {
        events: [
          { event_id: 'ws-cap-1', user_id: 'ws-cap', provider: 'serper' },
          { event_id: 'ws-cap-2', user_id: 'ws-cap-other', provider: 'serper' },
        ],
      },
    });
    const token = await own.tokenFor('ws-cap');
    const open = [];
    for (let i = 0; i < SOCKETS_PER_USER; i++) open.push(await connectSocket(own.url, 'ws-cap', token));
    const refused = await connectSocket(own.url, 'ws-cap', token).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HandshakeRefused);
    expect((refused as HandshakeRefused).status).toBe(429);

    const someoneElse = await connectSocket(own.url, 'ws-cap-other', await own.tokenFor('ws-cap-other'));
    await someoneElse.close();

    await open[0]?.close();
    const again = await connectSocket(own.url, 'ws-cap', token);
    await again.waitFor((m) => m.type === 'usage.updated');
    await Promise.all([again.close(), open[1]?.close()]);
    await own.close();
  });
});

describe('security headers', () => {
  it.each(['/api/feature-flags', '/billing'])(
    '%s carries a CSP that allows no foreign or inline script',
    async (path) => {
      const res = await fetch(`${t.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("script-src-attr 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self' ws: wss:");
      expect(CONTENT_SECURITY_POLICY['script-src']).toEqual(["'self'"]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      await res.arrayBuffer();
    },
  );
});

describe('errors from below the routes', () => {
  it('asks for JSON when a body comes in another format', async () => {
    const res = await fetch(`${t.url}/api/usage/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'text/xml' },
      body: '<events/>',
    });
    expect(res.status).toBe(415);
    const { error } = errorBodySchema.parse(await res.json());
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain('Content-Type: application/json');
  });

  it('explains a path that is not valid URL encoding instead of echoing it', async () => {
    const res = await fetch(`${t.url}/api/billing/usage/%E0%A4%A/trends`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(await res.json());
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('encodeURIComponent');
    expect(error.message).not.toContain('%E0');
  });
});
