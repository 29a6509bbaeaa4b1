import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenReservations } from '../src/db/reservations.ts';
import { upsertUser } from '../src/db/users.ts';
import { worstCaseCostNano } from '../src/gateway/limits.ts';
import { eventually, race, reportEarlierCalls, totalCalls } from './gatewayRace.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { type StandIn, startProviderStandIn } from './providerStandIn.ts';

// 200 calls at once through the gateway, against limits with room for only a few of them: exactly as
// many reach the upstream as fit, the rest are refused, and every reservation is settled afterwards.
let t: TestServer;
let upstream: StandIn;
beforeAll(async () => {
  upstream = await startProviderStandIn();
  t = await startTestServer({
    env: {
      SPENDSCOPE_UPSTREAM_OPENAI: upstream.url,
      SPENDSCOPE_UPSTREAM_GEMINI: upstream.url,
      DEFAULT_PLAN: 'free',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

const CALLS = 200;

describe('gateway limits under 200 concurrent calls', () => {
  it('lets exactly as many calls through as the call limit has room for', async () => {
    // Free plan: 100 Gemini calls a month; 95 are used, so 5 fit.
    const user = 'race-calls';
    await reportEarlierCalls(t.url, t.apiKey, user, 'gemini', 95);
    const client = new GoogleGenAI({
      apiKey: 'AIza-app',
      httpOptions: {
        baseUrl: `${t.url}/gateway/gemini`,
        headers: { 'x-spendscope-key': t.apiKey, 'x-spendscope-user': user },
      },
    });
    const { reachedUpstream, answered, refused } = await race(
      upstream,
      Array.from(
        { length: CALLS },
        () => () =>
          client.models.generateContent({
            model: 'gemini-2.5-flash',
            contents: 'hi',
            config: { maxOutputTokens: 16 },
          }),
      ),
    );
    expect(reachedUpstream).toBe(5);
    expect(answered).toHaveLength(5);
    expect(refused).toHaveLength(CALLS - 5);
    for (const error of refused) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(429);
    }

    const token = await t.tokenFor(user);
    await eventually(async () => (await totalCalls(t.url, user, token)) === 100, 'the 5 calls metered');
    expect(await countOpenReservations(t.server.ctx.db, user, Date.now())).toBe(0);
  });

  it('lets exactly as many calls through as the cost cap has room for at their max_tokens', async () => {
    // Enterprise: unlimited calls and tokens, a $500 monthly cap; each call may cost up to ~$50.
    const user = 'race-cost';
    await upsertUser(
      t.server.ctx.db,
      { id: user, display_name: user, timezone: 'UTC', role: 'user' },
      'enterprise',
      Date.now(),
    );
    const body = {
      model: 'gpt-4o',
      max_tokens: 5_000_000,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const perCall = await worstCaseCostNano(
      { prices: t.server.ctx.prices, reservations: t.server.ctx.reservations, now: new Date() },
      {
        userId: user,
        provider: 'openai',
        model: 'gpt-4o',
        inputTokens: Math.ceil(Buffer.byteLength(JSON.stringify(body)) / 4),
        maxOutputTokens: body.max_tokens,
      },
    );
    const room = Math.floor(500e9 / perCall);
    expect(room).toBeGreaterThan(1);
    expect(room).toBeLessThan(20);

    const client = new OpenAI({
      apiKey: 'sk-app',
      baseURL: `${t.url}/gateway/openai/v1`,
      defaultHeaders: { 'x-spendscope-key': t.apiKey, 'x-spendscope-user': user },
      maxRetries: 0,
    });
    const { reachedUpstream, answered, refused } = await race(
      upstream,
      Array.from({ length: CALLS }, () => () => client.chat.completions.create(body)),
    );
    expect(reachedUpstream).toBe(room);
    expect(answered).toHaveLength(room);
    expect(refused).toHaveLength(CALLS - room);
    const first = refused[0] as InstanceType<typeof OpenAI.RateLimitError>;
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    expect(first.error).toMatchObject({ code: 'cost_limit_reached', type: 'rate_limit_error' });
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(first.headers.get('x-spendscope-remaining-cost')).toMatch(/^\d/);

    const token = await t.tokenFor(user);
    await eventually(async () => (await totalCalls(t.url, user, token)) === room, 'the calls metered');
    expect(await countOpenReservations(t.server.ctx.db, user, Date.now())).toBe(0);
  });
});
