import {
  apiPath,
  reservationReleaseResponseSchema,
  type UsageCheckRequest,
  usageBatchResponseSchema,
  usageCheckResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenReservations } from '../src/db/reservations.ts';
import { upsertUser } from '../src/db/users.ts';
import {
  expireReservations,
  releaseReservation,
  reserveCall,
  SWEEP_GRACE_MS,
} from '../src/domain/reservations.ts';
import { geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

// A clock the tests move: reservations expire by it, never by the machine's time.
let nowMs = NOW.getTime();
const clock = () => new Date(nowMs);
const TTL_SECONDS = 600;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock, env: { RESERVATION_TTL_SECONDS: String(TTL_SECONDS) } });
});
afterAll(() => t.close());

async function reserve(body: Omit<UsageCheckRequest, 'reserve'>) {
  const res = await call(t.url, '/api/usage/check', { token: t.apiKey, body: { ...body, reserve: true } });
  expect(res.status).toBe(200);
  return usageCheckResponseSchema.parse(res.body);
}

async function release(id: string, token = t.apiKey) {
  return call(t.url, apiPath.releaseReservation(id), { method: 'POST', token, body: {} });
}

async function report(events: unknown[]) {
  const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
  expect(res.status).toBe(200);
  return usageBatchResponseSchema.parse(res.body);
}

async function totalCalls(userId: string): Promise<number> {
  const res = await call(t.url, apiPath.usage(userId), { token: t.adminToken });
  return usageStatsSchema.parse(res.body).total_calls;
}

const openOf = (userId: string) => countOpenReservations(t.server.ctx.db, userId, clock().getTime());

/** A user on the Free plan (100 Gemini calls) with `used` calls already made this period. */
async function userWithCalls(userId: string, used: number) {
  await reportAll(
    t,
    Array.from({ length: used }, () => geminiCall(userId)),
  );
}

describe('reservations through POST /api/usage/check with reserve', () => {
  it('allows exactly as many of 200 concurrent reserves as the call limit has room for', async () => {
    await userWithCalls('rsv-race', 95);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => reserve({ user_id: 'rsv-race', provider: 'gemini' })),
    );
    const allowed = answers.filter((a) => a.allowed);
    expect(allowed).toHaveLength(5);
    expect(new Set(allowed.map((a) => a.reservation_id)).size).toBe(5);
    for (const a of allowed) {
      expect(a.reservation_expires_at).toBe(new Date(nowMs + TTL_SECONDS * 1000).toISOString());
    }
    const refused = answers.filter((a) => !a.allowed);
    expect(
      refused.every((a) => a.reason_code === 'call_limit_reached' && a.reservation_id === undefined),
    ).toBe(true);
    expect(refused[0]?.remaining.calls).toBe(0);
    expect(await openOf('rsv-race')).toBe(5);
    // The advisory check still reads usage alone: 5 calls are left by it.
    const advisory = await call(t.url, '/api/usage/check', {
      token: t.apiKey,
      body: { user_id: 'rsv-race', provider: 'gemini' },
    });
    expect(usageCheckResponseSchema.parse(advisory.body)).toMatchObject({
      allowed: true,
      remaining: { calls: 5 },
    });

    // Each reserved call reported under its reservation settles it: usage is the limit, nothing is open.
    const events = allowed.map((a, i) => ({
      ...geminiCall('rsv-race'),
      event_id: `rsv-race-${i}`,
      reservation_id: a.reservation_id,
    }));
    expect((await report(events)).accepted).toBe(5);
    expect(await totalCalls('rsv-race')).toBe(100);
    expect(await openOf('rsv-race')).toBe(0);
    expect((await reserve({ user_id: 'rsv-race', provider: 'gemini' })).allowed).toBe(false);
  });

  it('counts remaining quota with the reservation just made', async () => {
    await userWithCalls('rsv-remaining', 10);
    const first = await reserve({ user_id: 'rsv-remaining', provider: 'gemini', input_tokens: 1000 });
    expect(first).toMatchObject({
      allowed: true,
      remaining: { calls: 89, tokens: 100_000 - 10 * 15 - 1000 },
    });
    const second = await reserve({ user_id: 'rsv-remaining', provider: 'gemini', input_tokens: 1000 });
    expect(second.remaining).toMatchObject({ calls: 88, tokens: 100_000 - 10 * 15 - 2000 });
  });

  it('holds a cost cap with each call reserved at its estimated cost', async () => {
    // Enterprise: unlimited calls and tokens, a $500 monthly cost cap.
    await upsertUser(
      t.server.ctx.db,
      { id: 'rsv-cost', display_name: 'Cost', timezone: 'UTC', role: 'user' },
      'enterprise',
      nowMs,
    );
    const costly = {
      user_id: 'rsv-cost',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      output_tokens: 15_000_000,
    } as const;
    const advisory = usageCheckResponseSchema.parse(
      (await call(t.url, '/api/usage/check', { token: t.apiKey, body: costly })).body,
    );
    expect(advisory.estimated_cost).toBeGreaterThan(0);
    const fits = Math.floor(500 / advisory.estimated_cost);
    expect(fits).toBeGreaterThan(1);
    expect(fits).toBeLessThan(200);

    const answers = await Promise.all(Array.from({ length: 200 }, () => reserve(costly)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(fits);
    const refused = answers.find((a) => !a.allowed);
    expect(refused?.reason_code).toBe('cost_limit_reached');
    expect(refused?.remaining.cost).toBeLessThan(advisory.estimated_cost);
    // A call that costs less still fits in what is left.
    expect(refused?.remaining.cost).toBeGreaterThan(0.01);
    expect(
      (
        await reserve({
          user_id: 'rsv-cost',
          provider: 'gemini',
          model: 'gemini-2.5-flash',
          output_tokens: 10,
        })
      ).allowed,
    ).toBe(true);
  });

  it('settles a reservation once: a resent event and a duplicate under another reservation settle nothing', async () => {
    await userWithCalls('rsv-dup', 98);
    const a = await reserve({ user_id: 'rsv-dup', provider: 'gemini' });
    const b = await reserve({ user_id: 'rsv-dup', provider: 'gemini' });
    expect([a.allowed, b.allowed]).toEqual([true, true]);
    const event = { ...geminiCall('rsv-dup'), event_id: 'rsv-dup-1', reservation_id: a.reservation_id };
    expect((await report([event])).accepted).toBe(1);
    expect(await openOf('rsv-dup')).toBe(1);

    expect(await report([event])).toMatchObject({ accepted: 0, duplicates: 1 });
    // The same event_id again, now naming b: it is a duplicate, so b stays held.
    expect(await report([{ ...event, reservation_id: b.reservation_id }])).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    expect(await openOf('rsv-dup')).toBe(1);
    expect(await totalCalls('rsv-dup')).toBe(99);
    expect((await reserve({ user_id: 'rsv-dup', provider: 'gemini' })).allowed).toBe(false);
  });

  it('stores an event whose reservation is unknown, or belongs to another user', async () => {
    const other = await reserve({ user_id: 'rsv-owner', provider: 'gemini' });
    const result = await report([
      { ...geminiCall('rsv-stranger'), reservation_id: 'rsv_never-issued' },
      { ...geminiCall('rsv-stranger'), reservation_id: other.reservation_id },
    ]);
    expect(result).toMatchObject({ accepted: 2, rejected: [] });
    expect(await openOf('rsv-owner')).toBe(1);
  });

  it('creates a user seen first by a reserve, on the default plan', async () => {
    const answer = await reserve({ user_id: 'rsv-newcomer', provider: 'gemini' });
    expect(answer).toMatchObject({ allowed: true, remaining: { calls: 99 } });
    const refused = await reserve({ user_id: 'rsv-newcomer', provider: 'openai' });
    expect(refused).toMatchObject({ allowed: false, reason_code: 'provider_not_included' });
  });

  it('frees an expired reservation’s budget, before and after the sweep', async () => {
    await userWithCalls('rsv-expiry', 99);
    const held = await reserve({ user_id: 'rsv-expiry', provider: 'gemini' });
    expect(held.allowed).toBe(true);
    expect((await reserve({ user_id: 'rsv-expiry', provider: 'gemini' })).allowed).toBe(false);

    nowMs += TTL_SECONDS * 1000;
    expect(await openOf('rsv-expiry')).toBe(0);
    const again = await reserve({ user_id: 'rsv-expiry', provider: 'gemini' });
    expect(again.allowed).toBe(true);
    expect((await release(held.reservation_id ?? '')).body).toMatchObject({ released: false });

    nowMs += TTL_SECONDS * 1000 + SWEEP_GRACE_MS;
    expect(await expireReservations({ db: t.server.ctx.db }, clock())).toBeGreaterThanOrEqual(2);
    const stored = await t.server.ctx.db
      .selectFrom('reservations')
      .select('id')
      .where('id', 'in', [held.reservation_id ?? '', again.reservation_id ?? ''])
      .execute();
    expect(stored).toEqual([]);
    // An event under a swept reservation is still stored.
    expect(
      (await report([{ ...geminiCall('rsv-expiry', clock()), reservation_id: again.reservation_id }]))
        .accepted,
    ).toBe(1);
  });

  it('releases a reservation once, giving its hold back', async () => {
    await userWithCalls('rsv-release', 99);
    const held = await reserve({ user_id: 'rsv-release', provider: 'gemini' });
    expect((await reserve({ user_id: 'rsv-release', provider: 'gemini' })).allowed).toBe(false);

    const first = await release(held.reservation_id ?? '');
    expect(first.status).toBe(200);
    expect(reservationReleaseResponseSchema.parse(first.body)).toEqual({
      reservation_id: held.reservation_id,
      released: true,
    });
    expect((await release(held.reservation_id ?? '')).body).toMatchObject({ released: false });
    expect((await release('rsv_unknown')).body).toMatchObject({ released: false });
    expect((await reserve({ user_id: 'rsv-release', provider: 'gemini' })).allowed).toBe(true);
  });

  it('refuses a release without an ingestion key and a malformed reserve', async () => {
    const held = await reserve({ user_id: 'rsv-guarded', provider: 'gemini' });
    const res = await release(held.reservation_id ?? '', await t.tokenFor('rsv-guarded'));
    expect(res.status).toBe(401);
    expect(await openOf('rsv-guarded')).toBe(1);
    const bad = await call(t.url, '/api/usage/check', {
      token: t.apiKey,
      body: { user_id: 'rsv-guarded', provider: 'gemini', reserve: 'yes' },
    });
    expect(bad.status).toBe(400);
    const tooLong = await report([{ ...geminiCall('rsv-guarded'), reservation_id: 'x'.repeat(65) }]);
    expect(tooLong.rejected[0]?.error.message).toContain('reservation_id must be at most 64 characters');
  });
});

describe('reserveCall, as the gateway calls it', () => {
  const at = new Date('2026-11-20T12:00:00Z');
  const deps = () => ({ db: t.server.ctx.db, defaultPlanId: 'free', clock: () => at, ttlMs: 60_000 });

  it('holds a worst-case cost against the cap and says what is left in nano-dollars', async () => {
    // Free: a $2 cap. Three calls estimated at $0.75 each: two fit.
    const request = {
      userId: 'gw-cost',
      provider: 'mistral',
      estimatedCostNano: 750_000_000,
      estimatedTokens: 100,
    } as const;
    const first = await reserveCall(deps(), request);
    expect(first).toMatchObject({ ok: true, expiresAt: at.getTime() + 60_000 });
    expect(first.remaining).toEqual({ calls: 49, tokens: 50_000 - 100, cost_nano: 1_250_000_000 });
    expect((await reserveCall(deps(), request)).ok).toBe(true);
    const third = await reserveCall(deps(), request);
    expect(third).toMatchObject({
      ok: false,
      reasonCode: 'cost_limit_reached',
      remaining: { calls: 48, tokens: 50_000 - 200, cost_nano: 500_000_000 },
    });
    if (first.ok) expect(await releaseReservation(deps(), first.reservationId)).toBe(true);
    expect((await reserveCall(deps(), request)).ok).toBe(true);
  });

  it('asks to retry when the user’s own month ends, in their timezone', async () => {
    await upsertUser(
      t.server.ctx.db,
      { id: 'gw-tz', display_name: 'New York', timezone: 'America/New_York', role: 'user' },
      'free',
      at.getTime(),
    );
    const refused = await reserveCall(deps(), {
      userId: 'gw-tz',
      provider: 'openai',
      estimatedCostNano: 0,
      estimatedTokens: 0,
    });
    // December begins in New York at 05:00 UTC.
    const seconds = (Date.parse('2026-12-01T05:00:00Z') - at.getTime()) / 1000;
    expect(refused).toMatchObject({
      ok: false,
      reasonCode: 'provider_not_included',
      retryAfterSeconds: seconds,
    });
  });
});
