import { errorBodySchema, meResponseSchema } from '@spendscope/contracts';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, TEST_SECRET, type TestServer } from './harness.ts';
import { connectSocket, HandshakeRefused } from './ws-client.ts';

const PER_MINUTE = 6;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) } });
  // The users the sockets watch must exist.
  const report = await call(t.url, '/api/usage/events', {
    token: t.apiKey,
    body: {
      events: ['cred-ws', 'cred-claims'].map((user_id, i) => ({
        event_id: `cred-${i}`,
        user_id,
        provider: 'serper',
      })),
    },
  });
  expect(report.status).toBe(200);
});
afterAll(() => t.close());

async function me(authorization: string) {
  const response = await fetch(`${t.url}/api/me`, { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function refusal(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandshakeRefused);
  return (error as HandshakeRefused).status;
}

/** Signs a token with the server's secret and issuer, with exactly the claims given. */
function signed(claims: Record<string, unknown>, options: { exp?: boolean } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('spendscope').setIssuedAt();
  if (options.exp !== false) jwt.setExpirationTime('1h');
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
}

describe('one credential, however it is spelled', () => {
  it('accepts the Bearer scheme in any case and with any spacing, for the same user', async () => {
    const token = await t.tokenFor('cred-spelling');
    for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`, `Bearer\t${token}`]) {
      const res = await me(header);
      expect(res.status).toBe(200);
      expect(meResponseSchema.parse(res.body).user_id).toBe('cred-spelling');
    }
  });

  it(`gives every spelling of one token a single budget of ${PER_MINUTE} a minute`, async () => {
    const token = await t.tokenFor('cred-budget');
    const spellings = [
      `Bearer ${token}`,
      `bearer ${token}`,
      `BEARER ${token}`,
      `Bearer  ${token}`,
      `bEaReR\t${token}`,
      `Bearer \t ${token}`,
    ];
    expect(spellings).toHaveLength(PER_MINUTE);
    for (const header of spellings) expect((await me(header)).status).toBe(200);
    const over = await me(`BeArEr    ${token}`);
    expect(over.status).toBe(429);
    expect(errorBodySchema.parse(over.body).error.code).toBe('rate_limited');
  });

  it('counts a WebSocket handshake against the budget its token spent over HTTP, wherever it carries it', async () => {
    const token = await t.tokenFor('cred-ws');
    for (let i = 0; i < PER_MINUTE; i++) expect((await me(`bearer ${token}`)).status).toBe(200);
    expect(await refusal(connectSocket(t.url, 'cred-ws', token, 'protocol'))).toBe(429);
    expect(await refusal(connectSocket(t.url, 'cred-ws', token, 'query'))).toBe(429);
  });

  it('lets a handshake spend its own budget across subprotocol and query', async () => {
    const token = await t.tokenFor('cred-ws');
    // A fresh token of the same user: budgets belong to credentials.
    const fresh = await t.server.ctx.tokens.sign({ userId: 'cred-ws', role: 'user' }, 3600);
    expect(fresh).not.toBe(token);
    const open = [];
    for (let i = 0; i < PER_MINUTE; i++) {
      open.push(await connectSocket(t.url, 'cred-ws', fresh, i % 2 === 0 ? 'protocol' : 'query'));
    }
    await Promise.all(open.map((socket) => socket.close()));
    expect((await me(`Bearer ${fresh}`)).status).toBe(429);
  });
});

describe('token claims', () => {
  it('refuses a well-signed token without an expiry, over HTTP and on the WebSocket', async () => {
    const token = await signed({ sub: 'cred-claims', role: 'user' }, { exp: false });
    const res = await call(t.url, '/api/me', { token });
    expect(res.status).toBe(401);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('"exp"');
    expect(await refusal(connectSocket(t.url, 'cred-claims', token))).toBe(401);
  });

  it('refuses a token whose sub is a number, over HTTP and on the WebSocket', async () => {
    const token = await signed({ sub: 123, role: 'admin' });
    const res = await call(t.url, '/api/me', { token });
    expect(res.status).toBe(401);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.message).toContain('string "sub"');
    expect(await refusal(connectSocket(t.url, 'cred-claims', token, 'query'))).toBe(401);
  });

  it('still accepts a token with both', async () => {
    const token = await signed({ sub: 'cred-claims', role: 'user' });
    const res = await call(t.url, '/api/me', { token });
    expect(meResponseSchema.parse(res.body).user_id).toBe('cred-claims');
  });
});
