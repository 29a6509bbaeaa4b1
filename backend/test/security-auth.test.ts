import { createHash } from 'node:crypto';
import {
  apiPath,
  createChannelResponseSchema,
  deliveryResponseSchema,
  errorBodySchema,
  usageBatchResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/apiKeys.ts';
import { createTokenService } from '../src/auth/tokens.ts';
import { registeredRoutes } from '../src/security/routeCatalog.ts';
import { runCli } from './childServer.ts';
import { call, startTestServer, TEST_SECRET, type TestServer } from './harness.ts';
import { type Access, isApiRoute, ROUTE_TABLE, type RouteCase, routeKey, type Target } from './routeTable.ts';
import { connectSocket, HandshakeRefused } from './ws-client.ts';

const VICTIM = 'victim-vera';
const SECRET_MODEL = 'victim-secret-model-x9';
const ATTACKER = 'mallory';
const METRICS_TOKEN = 'metrics-scrape-token-for-tests';

/** What a caller holds. `as` says whose rights it carries if it is valid at all. */
type Credential = {
  name: string;
  /** The Authorization header, if any. */
  header?: string;
  /** The raw credential a WebSocket handshake would carry, if it can carry one. */
  token?: string;
  as: 'nobody' | 'attacker' | 'victim' | 'admin' | 'apiKey' | 'metrics';
};

/** The answer a credential must get on a route: let through, or refused with this status. */
function expected(access: Access, as: Credential['as']): 'allowed' | 401 | 403 {
  if (access === 'open') return 'allowed';
  if (access === 'metrics') return as === 'metrics' ? 'allowed' : 401;
  if (access === 'apiKey') return as === 'apiKey' ? 'allowed' : 401;
  if (as === 'nobody' || as === 'apiKey' || as === 'metrics') return 401;
  if (as === 'admin') return 'allowed';
  if (access === 'signedIn') return 'allowed';
  if (access === 'admin') return 403;
  return as === 'victim' ? 'allowed' : 403;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

let t: TestServer;
let target: Target;
let credentials: Credential[];

beforeAll(async () => {
  t = await startTestServer({ env: { METRICS_TOKEN } });
  const report = await call(t.url, '/api/usage/events', {
    token: t.apiKey,
    body: {
      events: [
        { event_id: 'victim-1', user_id: VICTIM, provider: 'openai', model: SECRET_MODEL, input_tokens: 5 },
        { event_id: 'victim-2', user_id: VICTIM, provider: 'openai', model: 'gpt-4o', input_tokens: 50 },
        { event_id: 'attacker-1', user_id: ATTACKER, provider: 'openai', model: 'gpt-4o', input_tokens: 1 },
      ],
    },
  });
  expect(usageBatchResponseSchema.parse(report.body).accepted).toBe(3);
  // The unpriced model raised an alert for the victim: its id is a target too.
  const alert = await t.server.ctx.db
    .selectFrom('alerts')
    .select('id')
    .where('user_id', '=', VICTIM)
    .executeTakeFirstOrThrow();
  const channelOf = async (name: string) => {
    const created = await call(t.url, apiPath.adminChannels(), {
      token: t.adminToken,
      body: { kind: 'webhook', name, url: 'https://93.184.216.34/hooks', min_severity: 'info' },
    });
    return createChannelResponseSchema.parse(created.body).channel.id;
  };
  const channelId = await channelOf('Auth table hook');
  const queued = await call(t.url, apiPath.adminChannelTest(channelId), {
    method: 'POST',
    token: t.adminToken,
  });
  target = {
    userId: VICTIM,
    alertId: Number(alert.id),
    channelId,
    spareChannelId: await channelOf('Auth table spare hook'),
    deliveryId: deliveryResponseSchema.parse(queued.body).delivery.id,
  };

  const victimToken = await t.tokenFor(VICTIM);
  const attackerToken = await t.tokenFor(ATTACKER);
  const expired = await t.server.ctx.tokens.sign({ userId: 'admin', role: 'admin' }, -60);
  const foreign = await createTokenService('some-other-deployment-secret-0123456789').sign({
    userId: 'admin',
    role: 'admin',
  });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'admin', iss: 'spendscope', exp })}.`;
  const [head, , signature] = victimToken.split('.');
  const promoted = `${head}.${b64({ ...decodeJwt(victimToken), role: 'admin' })}.${signature}`;
  const bearer = (token: string) => ({ header: `Bearer ${token}`, token });

  credentials = [
    { name: 'no credential', as: 'nobody' },
    { name: 'a malformed token', ...bearer('not.a.token'), as: 'nobody' },
    { name: 'a Basic header', header: 'Basic YWRtaW46YWRtaW4=', as: 'nobody' },
    { name: 'an expired admin token', ...bearer(expired), as: 'nobody' },
    { name: 'an admin token signed with another secret', ...bearer(foreign), as: 'nobody' },
    { name: 'an unsigned (alg none) admin token', ...bearer(unsigned), as: 'nobody' },
    { name: "the victim's token with its role changed to admin", ...bearer(promoted), as: 'nobody' },
    { name: "another user's token", ...bearer(attackerToken), as: 'attacker' },
    { name: "the victim's own token", ...bearer(victimToken), as: 'victim' },
    { name: 'an admin token', ...bearer(t.adminToken), as: 'admin' },
    { name: 'an ingestion key', ...bearer(t.apiKey), as: 'apiKey' },
    { name: 'the metrics scrape token', ...bearer(METRICS_TOKEN), as: 'metrics' },
  ];
});
afterAll(() => t.close());

const cliEnv = () => {
  const { DATABASE_PATH, DATABASE_URL } = t.server.ctx.config;
  return { DATABASE_PATH, ...(DATABASE_URL ? { DATABASE_URL } : {}), SPENDSCOPE_SECRET: TEST_SECRET };
};

/** Fails when a reply to someone who may not see the victim names the victim or their data. */
function expectNoVictimData(text: string, context: string): void {
  expect(text, context).not.toContain(VICTIM);
  expect(text, context).not.toContain(SECRET_MODEL);
}

async function visit(route: RouteCase, credential: Credential) {
  const response = await fetch(`${t.url}${route.path(target)}`, {
    method: route.method,
    headers: {
      ...(credential.header ? { authorization: credential.header } : {}),
      ...(route.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(route.body ? { body: JSON.stringify(route.body(target)) } : {}),
  });
  return { status: response.status, text: await response.text() };
}

describe('authorization on every route', () => {
  it('has a rule in the table for every API route the server registers', () => {
    const table = new Set(ROUTE_TABLE.map(routeKey));
    const served = registeredRoutes(t.server.app).filter((r) => isApiRoute(r.url));
    const missing = served.map(routeKey).filter((key) => !table.has(key));
    expect(missing, 'routes without an authorization rule: add them to backend/test/routeTable.ts').toEqual(
      [],
    );
    expect(served.length).toBeGreaterThanOrEqual(ROUTE_TABLE.length);
  });

  const httpRoutes = ROUTE_TABLE.filter((r) => !r.websocket);
  it.each(httpRoutes.map((r) => [routeKey(r), r] as const))(
    '%s answers each credential as its rule says and shows no one else’s data',
    async (_name, route) => {
      for (const credential of credentials) {
        const outcome = expected(route.access, credential.as);
        const { status, text } = await visit(route, credential);
        const context = `${routeKey(route)} with ${credential.name}: ${status} ${text.slice(0, 200)}`;
        if (outcome === 'allowed') {
          expect(status, context).toBeLessThan(300);
          if (route.reply) route.reply.parse(JSON.parse(text));
        } else {
          expect(status, context).toBe(outcome);
          expect(errorBodySchema.parse(JSON.parse(text)).error.message.length, context).toBeGreaterThan(10);
        }
        const maySeeVictim =
          credential.as === 'victim' ||
          credential.as === 'admin' ||
          (credential.as === 'apiKey' && route.access === 'apiKey');
        if (!maySeeVictim) expectNoVictimData(text, context);
      }
    },
  );

  it.each(['protocol', 'query'] as const)(
    'lets only the user and an admin open the live channel of that user (token in the %s)',
    async (via) => {
      for (const credential of credentials) {
        if (credential.header && !credential.token) continue; // a Basic header cannot ride on a socket
        const outcome = expected('reader', credential.as);
        const attempt = connectSocket(t.url, VICTIM, credential.token, via);
        if (outcome === 'allowed') {
          const client = await attempt;
          const first = await client.waitFor((m) => m.type === 'usage.updated');
          expect(first.type === 'usage.updated' && first.data.user_id).toBe(VICTIM);
          await client.close();
        } else {
          const refusal = await attempt.then(
            async (client) => {
              await client.close();
              return new Error(`${credential.name} opened the socket`);
            },
            (error: unknown) => error,
          );
          expect(refusal, credential.name).toBeInstanceOf(HandshakeRefused);
          expect((refusal as HandshakeRefused).status, credential.name).toBe(outcome);
        }
      }
    },
  );
});

describe('credentials', () => {
  it('stores ingestion keys only as hashes', async () => {
    const rows = await t.server.ctx.db.selectFrom('api_keys').selectAll().execute();
    const hash = createHash('sha256').update(t.apiKey).digest('hex');
    expect(rows.some((r) => r.key_hash === hash)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(t.apiKey);
  });

  it('refuses a key revoked with npm run keys -- revoke on the very next report', async () => {
    const { key, prefix } = await createApiKey(t.server.ctx.db, 'to-revoke');
    const body = { events: [{ event_id: 'revoke-1', user_id: 'revoke-user', provider: 'serper' }] };
    expect((await call(t.url, '/api/usage/events', { token: key, body })).status).toBe(200);

    const cli = await runCli('backend/src/cli/keys.ts', cliEnv(), ['revoke', prefix]);
    expect(cli.output).toContain('Revoked 1 key');
    expect(cli.code).toBe(0);

    const refused = await call(t.url, '/api/usage/events', { token: key, body });
    expect(refused.status).toBe(401);
    expect(errorBodySchema.parse(refused.body).error.message).toBe('the ingestion key is unknown or revoked');
    // Other keys keep working.
    expect((await call(t.url, '/api/usage/events', { token: t.apiKey, body })).status).toBe(200);
  });

  it('signs tokens with npm run token -- USER --ttl SECONDS that expire when asked', async () => {
    const cli = await runCli('backend/src/cli/token.ts', cliEnv(), [VICTIM, '--ttl', '120']);
    expect(cli.code).toBe(0);
    const token = cli.output.trim().split('\n').pop() ?? '';
    const claims = decodeJwt(token);
    expect(claims.sub).toBe(VICTIM);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    const res = await call(t.url, `/api/billing/usage/${VICTIM}`, { token });
    expect(res.status).toBe(200);
    usageStatsSchema.parse(res.body);
  });

  it('says a token has expired rather than that it is wrong', async () => {
    const expired = await t.server.ctx.tokens.sign({ userId: VICTIM, role: 'user' }, -1);
    const res = await call(t.url, `/api/billing/usage/${VICTIM}`, { token: expired });
    expect(res.status).toBe(401);
    expect(errorBodySchema.parse(res.body).error.message).toMatch(/expired/);
  });
});
