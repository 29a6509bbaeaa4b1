import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenReservations } from '../src/db/reservations.ts';
import type { ChildServer } from './childServer.ts';
import { eventually, race, reportEarlierCalls, totalCalls } from './gatewayRace.ts';
import { type PgServerPair, startPgServerPair } from './pgServerPair.ts';
import { type StandIn, startProviderStandIn } from './providerStandIn.ts';

// Two real server processes on one PostgreSQL database, both forwarding to one stand-in upstream, as
// behind a load balancer: the limit holds across them.
let upstream: StandIn;
let pair: PgServerPair;

beforeAll(async () => {
  upstream = await startProviderStandIn();
  pair = await startPgServerPair({ SPENDSCOPE_UPSTREAM_GEMINI: upstream.url, DEFAULT_PLAN: 'free' });
});

afterAll(async () => {
  await pair?.stop();
  await upstream?.close();
});

describe('gateway limits across two server processes on PostgreSQL', () => {
  it('lets exactly as many of 200 concurrent calls through as the call limit has room for', async () => {
    const { a, b, key } = pair;
    const user = 'race-processes';
    // Free plan: 100 Gemini calls a month; 93 are used, so 7 fit.
    await reportEarlierCalls(a.url, key, user, 'gemini', 93);
    const clientOf = (server: ChildServer) =>
      new GoogleGenAI({
        apiKey: 'AIza-app',
        httpOptions: {
          baseUrl: `${server.url}/gateway/gemini`,
          headers: { 'x-spendscope-key': key, 'x-spendscope-user': user },
        },
      });
    const clients = [clientOf(a), clientOf(b)] as const;
    const { reachedUpstream, answered, refused } = await race(
      upstream,
      Array.from(
        { length: 200 },
        (_, i) => () =>
          (i % 2 === 0 ? clients[0] : clients[1]).models.generateContent({
            model: 'gemini-2.5-flash',
            contents: 'hi',
            config: { maxOutputTokens: 16 },
          }),
      ),
    );
    expect(reachedUpstream).toBe(7);
    expect(answered).toHaveLength(7);
    expect(refused).toHaveLength(193);
    expect(refused.every((e) => e instanceof ApiError && e.status === 429)).toBe(true);

    const token = await pair.token(user);
    await eventually(async () => (await totalCalls(b.url, user, token)) === 100, 'the 7 calls metered');
    expect(await pair.read((db) => countOpenReservations(db, user, Date.now()))).toBe(0);
  });
});
