import { apiPath, usageCheckResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenReservations } from '../src/db/reservations.ts';
import { geminiCall as billingGeminiCall } from './billing-helpers.ts';
import type { ChildServer } from './childServer.ts';
import { call } from './harness.ts';
import { type PgServerPair, startPgServerPair } from './pgServerPair.ts';

// Two real server processes on one PostgreSQL database, as behind a load balancer, reserving against
// one user's limits at once.
let pair: PgServerPair;
let a: ChildServer;
let b: ChildServer;

beforeAll(async () => {
  pair = await startPgServerPair();
  ({ a, b } = pair);
});

afterAll(async () => {
  await pair?.stop();
});

/** A small Gemini call made now (the servers run on the real clock), settling `reservationId` if given. */
function geminiCall(userId: string, reservationId?: string) {
  return {
    ...billingGeminiCall(userId, new Date()),
    ...(reservationId ? { reservation_id: reservationId } : {}),
  };
}

const report = (server: ChildServer, events: unknown[]) => pair.report(server, events);

async function reserve(server: ChildServer, userId: string) {
  const res = await call(server.url, '/api/usage/check', {
    token: pair.key,
    body: { user_id: userId, provider: 'gemini', reserve: true },
  });
  expect(res.status).toBe(200);
  return usageCheckResponseSchema.parse(res.body);
}

describe('reservations across two server processes on one PostgreSQL database', () => {
  it('allows exactly the room left of 200 reserves split over both, and settles each once', async () => {
    // Free plan: 100 Gemini calls; 93 used leaves room for 7.
    await report(
      a,
      Array.from({ length: 93 }, () => geminiCall('mp-rsv')),
    );
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => reserve(i % 2 === 0 ? a : b, 'mp-rsv')),
    );
    const allowed = answers.flatMap((x) => (x.allowed && x.reservation_id ? [x.reservation_id] : []));
    expect(allowed).toHaveLength(7);
    expect(answers.filter((x) => !x.allowed).every((x) => x.reason_code === 'call_limit_reached')).toBe(true);

    // Reported over both processes; each reservation settled by its event.
    await Promise.all(allowed.map((id, i) => report(i % 2 === 0 ? b : a, [geminiCall('mp-rsv', id)])));
    const token = await pair.token('mp-rsv');
    const usage = usageStatsSchema.parse((await call(b.url, apiPath.usage('mp-rsv'), { token })).body);
    expect(usage.total_calls).toBe(100);

    // As of time 0: every reservation still open, expired or not.
    expect(await pair.read((db) => countOpenReservations(db, 'mp-rsv', 0))).toBe(0);
    expect((await reserve(a, 'mp-rsv')).allowed).toBe(false);
  });
});
