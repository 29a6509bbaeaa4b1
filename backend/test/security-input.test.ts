import { ERROR_STATUS, type ErrorCode, errorBodySchema } from '@spendscope/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/apiKeys.ts';
import { registeredRoutes } from '../src/security/routeCatalog.ts';
import { mutated, nastyQuery, nastySegment, nastyString, nastyValue } from './adversarial.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { isApiRoute, ROUTE_TABLE, type RouteCase, routeKey } from './routeTable.ts';

const METRICS_TOKEN = 'metrics-scrape-token-for-tests';
const RUNS = 15;

let t: TestServer;
let alertId: number;
let keyId: number;
beforeAll(async () => {
  t = await startTestServer({ env: { METRICS_TOKEN } });
  await call(t.url, '/api/usage/events', {
    token: t.apiKey,
    body: { events: [{ event_id: 'seed-1', user_id: 'fuzz-user', provider: 'openai', model: 'unpriced-x' }] },
  });
  const alert = await t.server.ctx.db.selectFrom('alerts').select('id').executeTakeFirstOrThrow();
  alertId = Number(alert.id);
  keyId = (await createApiKey(t.server.ctx.db, 'route-target')).id;
});
afterAll(() => t.close());

/** The credential that gets a request past authorization, so the input itself is what is tested. */
function credentialFor(route: RouteCase): string {
  if (route.access === 'apiKey') return `Bearer ${t.apiKey}`;
  if (route.access === 'metrics') return `Bearer ${METRICS_TOKEN}`;
  return `Bearer ${t.adminToken}`;
}

type Sent = {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer | undefined;
};

/**
 * Sends in-process and checks what every answer must be: no 5xx; an error in the API's shape whose code
 * matches its status and whose message says something; a success that parses with the route's schema.
 */
async function expectHandled(route: RouteCase, request: Sent): Promise<void> {
  const response = await t.server.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  const context = `${request.method} ${request.url.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, context).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const { error } = errorBodySchema.parse(JSON.parse(response.body));
    expect(ERROR_STATUS[error.code as ErrorCode], context).toBe(response.statusCode);
    expect(error.message.length, context).toBeGreaterThan(8);
  } else if (route.reply) {
    route.reply.parse(JSON.parse(response.body));
  }
}

/** Fills the pattern's parameters: `:alertId` with a real alert, others with a real user. */
function concretePath(route: RouteCase): string {
  return route.path({ userId: 'fuzz-user', alertId, keyId });
}

function withSegments(route: RouteCase, segments: string[]): string {
  let i = 0;
  return route.url.replace(/:[A-Za-z]+/g, () => segments[i++ % segments.length] ?? 'x');
}

// The live channel too: in process nothing upgrades, so its handshake checks answer like any route.
const cases = ROUTE_TABLE.map((r) => [routeKey(r), r] as const);

describe('hostile input on every route', () => {
  it('covers every route the server registers', () => {
    const covered = new Set(ROUTE_TABLE.map(routeKey));
    const served = registeredRoutes(t.server.app).filter((r) => isApiRoute(r.url));
    expect(served.map(routeKey).filter((k) => !covered.has(k))).toEqual([]);
  });

  it.each(cases)('%s: hostile path parameters get a clear 4xx, never a 5xx', async (_name, route) => {
    if (!route.url.includes(':')) return;
    await fc.assert(
      fc.asyncProperty(fc.array(nastySegment, { minLength: 2, maxLength: 2 }), async (segments) => {
        await expectHandled(route, {
          method: route.method,
          url: withSegments(route, segments),
          headers: { authorization: credentialFor(route), 'content-type': 'application/json' },
          payload: route.body
            ? JSON.stringify(route.body({ userId: 'fuzz-user', alertId, keyId }))
            : undefined,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.each(cases)('%s: hostile query strings get a clear answer, never a 5xx', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(nastyQuery, async (query) => {
        const path = concretePath(route).split('?')[0];
        await expectHandled(route, {
          method: route.method,
          url: `${path}?${query}`,
          headers: { authorization: credentialFor(route), 'content-type': 'application/json' },
          payload: route.body
            ? JSON.stringify(route.body({ userId: 'fuzz-user', alertId, keyId }))
            : undefined,
        });
      }),
      { numRuns: RUNS },
    );
  });

  const bodyCases = cases.filter(([, r]) => r.method !== 'GET');
  it.each(bodyCases)('%s: hostile bodies get a clear answer, never a 5xx', async (_name, route) => {
    const valid = route.body?.({ userId: 'fuzz-user', alertId, keyId }) ?? {};
    const inner =
      route.url === '/api/usage/events'
        ? fc
            .array(mutated((valid as { events: Record<string, unknown>[] }).events[0] ?? {}), {
              maxLength: 4,
            })
            .map((events) => ({ events }))
        : mutated(valid as Record<string, unknown>);
    const body = fc.oneof(
      { weight: 4, arbitrary: inner.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: nastyValue.map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 1, arbitrary: nastyString },
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        await expectHandled(route, {
          method: route.method,
          url: concretePath(route),
          headers: { authorization: credentialFor(route), 'content-type': type },
          payload,
        });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it.each(cases)('%s: hostile Authorization headers are refused in the error shape', async (_name, route) => {
    const header = fc.oneof(
      nastyString.map((s) => `Bearer ${s}`),
      nastyString,
      fc.constantFrom('Bearer', 'Bearer  ', 'bearer sk_', `Bearer sk_${'A'.repeat(4000)}`, 'Bearer a.b.c'),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        // Header values travel as Latin-1 text; anything else cannot even be sent.
        const sendable = authorization.replace(/[^\x20-\x7e]/g, '?');
        await expectHandled(route, {
          method: route.method,
          url: concretePath(route),
          headers: { authorization: sendable, 'content-type': 'application/json' },
          payload: route.body
            ? JSON.stringify(route.body({ userId: 'fuzz-user', alertId, keyId }))
            : undefined,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.each(bodyCases)('%s: a 10 MB body is refused with 413 before it is read', async (_name, route) => {
    const huge = JSON.stringify({ events: [{ padding: 'x'.repeat(10 * 1024 * 1024) }] });
    const response = await t.server.app.inject({
      method: route.method as 'POST',
      url: concretePath(route),
      headers: { authorization: credentialFor(route), 'content-type': 'application/json' },
      payload: huge,
    });
    expect(response.statusCode).toBe(413);
    const { error } = errorBodySchema.parse(JSON.parse(response.body));
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toMatch(/larger than 8 MB/);
  });
});
