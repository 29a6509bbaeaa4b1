import {
  alertsResponseSchema,
  apiStatsSchema,
  cacheStatsSchema,
  dashboardDataSchema,
  EARLIEST_OCCURRED_AT_MS,
  eventsPageSchema,
  lightweightStatsSchema,
  MAX_OCCURRED_AHEAD_MS,
  MAX_RESPONSE_TIME_MS,
  MAX_TOKEN_PRICE_DOLLARS,
  MAX_TOKENS_PER_EVENT,
  MAX_UNIT_PRICE_DOLLARS,
  MAX_UNITS_PER_EVENT,
  PROVIDERS,
  type Provider,
  providerDetailsSchema,
  reservationReleaseResponseSchema,
  systemHealthSchema,
  usageBatchResponseSchema,
  usageCheckResponseSchema,
  usageStatsSchema,
  usageTrendsSchema,
  usersResponseSchema,
} from '@spendscope/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkRollups } from '../src/domain/rollupCheck.ts';
import { fixedClock, NOW } from './billing-helpers.ts';
import { startTestServer, type TestServer } from './harness.ts';

// Valid but extreme input: the largest counts and prices the bounds allow, the edges of the time window,
// timezones at ±14 hours and at odd quarter hours, unicode ids and model names. No reply may be a 5xx,
// every read of the users touched answers 200 with its contract, and the rollups still equal the recount.
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  // The dearest prices the bounds allow, effective long before the window opens.
  for (const [provider, model] of [
    ['openai', 'fuzz-dearest'],
    ['stability', 'fuzz-dearest-image'],
    ['tavily', 'fuzz-dearest-search'],
  ] as const) {
    const res = await inject('POST', '/api/billing/pricing', t.adminToken, {
      provider,
      model_name: model,
      cost_per_input_token: MAX_TOKEN_PRICE_DOLLARS,
      cost_per_output_token: MAX_TOKEN_PRICE_DOLLARS,
      cost_per_cached_token: MAX_TOKEN_PRICE_DOLLARS,
      cost_per_request: MAX_UNIT_PRICE_DOLLARS,
      cost_per_search: MAX_UNIT_PRICE_DOLLARS,
      cost_per_image: MAX_UNIT_PRICE_DOLLARS,
      cost_per_page: MAX_UNIT_PRICE_DOLLARS,
      effective_from: '1999-01-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => t.close());

async function inject(method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  const response = await t.server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, text: response.body, url };
}

/** A successful JSON reply, parsed with its contract; a 5xx or any other status fails with the reply. */
function expectOk<T extends z.ZodType>(reply: { status: number; text: string; url: string }, schema?: T) {
  expect(reply.status, `${reply.url} → ${reply.status} ${reply.text.slice(0, 400)}`).toBe(200);
  if (!schema) return undefined;
  const parsed = schema.safeParse(JSON.parse(reply.text));
  expect(parsed.success, `${reply.url}: ${parsed.error?.message.slice(0, 600)}`).toBe(true);
  return parsed.data as z.output<T>;
}

const userIdChar = fc.constantFrom(...'abcXYZ019_.:@-'.split(''));
/** Valid user ids: the id characters, but never the path steps `.` and `..`. */
const userId = fc
  .oneof(
    fc.string({ unit: userIdChar, minLength: 1, maxLength: 24 }),
    fc.string({ unit: userIdChar, minLength: 128, maxLength: 128 }),
  )
  .filter((id) => id !== '.' && id !== '..');

/** Zones at the ends of the offset range and at odd quarter hours, plus DST zones. */
const timezone = fc.constantFrom(
  'UTC',
  'Pacific/Kiritimati', // +14:00
  'Etc/GMT+12', // -12:00
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // -03:30 / -02:30
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Pago_Pago', // -11:00
);

const model = fc.oneof(
  fc.constantFrom(
    undefined,
    'gpt-4o',
    'gemini-2.5-flash',
    'stable-diffusion',
    'fuzz-dearest',
    'fuzz-dearest-image',
    'fuzz-dearest-search',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.length <= 128),
);

const tokens = fc.oneof(
  fc.constant(0),
  fc.constant(MAX_TOKENS_PER_EVENT),
  fc.integer({ min: 0, max: MAX_TOKENS_PER_EVENT }),
  fc.integer({ min: 0, max: 5000 }),
);
const units = fc.option(
  fc.oneof(
    fc.constant(0),
    fc.constant(MAX_UNITS_PER_EVENT),
    fc.integer({ min: 0, max: MAX_UNITS_PER_EVENT }),
  ),
  { nil: undefined },
);

const EARLIEST = EARLIEST_OCCURRED_AT_MS;
const LATEST = NOW.getTime() + MAX_OCCURRED_AHEAD_MS;

/** An instant written with a UTC offset of `offsetMinutes` (±14 hours), as ISO 8601 allows. */
function withOffset(instantMs: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(instantMs).toISOString();
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const occurredAt = fc.option(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          EARLIEST,
          LATEST,
          NOW.getTime(),
          Date.UTC(2026, 10, 1),
          Date.UTC(2026, 9, 31, 23, 59),
        ),
        fc.integer({ min: EARLIEST, max: LATEST }),
        fc.integer({ min: NOW.getTime() - 90 * 86_400_000, max: LATEST }),
      ),
      fc.constantFrom(0, 840, -720, 345, -210, 765, 60, -60),
    )
    // An instant written with an offset whose local year is 1999 is still in the window.
    .map(([instant, offset]) => withOffset(instant, offset)),
  { nil: undefined },
);

let sequence = 0;
const event = (users: readonly string[]) =>
  fc
    .record({
      user: fc.constantFrom(...users),
      provider: fc.constantFrom(...PROVIDERS),
      model,
      input_tokens: tokens,
      output_tokens: tokens,
      cached_tokens: tokens,
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
      searches: units,
      pages: units,
      images: units,
      response_time_ms: fc.option(
        fc.oneof(
          fc.constant(MAX_RESPONSE_TIME_MS),
          fc.double({ min: 0, max: MAX_RESPONSE_TIME_MS, noNaN: true }),
        ),
        { nil: undefined },
      ),
      status_code: fc.integer({ min: 100, max: 599 }),
      error: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
      endpoint: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
      occurred_at: occurredAt,
      idTail: fc.string({ unit: 'grapheme', maxLength: 20 }),
    })
    .map(({ user, reasoningShare, idTail, ...e }) => {
      const body: Record<string, unknown> = {
        ...e,
        event_id: `${++sequence}-${idTail}`.slice(0, 128),
        user_id: user,
        reasoning_tokens: Math.floor(e.output_tokens * reasoningShare),
      };
      for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
      return body;
    });

/** Valid query strings of the period-scoped reads: the current month, the window's edges, any month. */
const period = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('2026-11', '2026-12', '2000-01', '9999-12'),
  fc
    .tuple(fc.integer({ min: 2000, max: 9999 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
);

const q = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
};

/** Every read route a user's data reaches, with valid parameters. */
async function readEverything(
  users: ReadonlyArray<{ id: string }>,
  providers: readonly Provider[],
  params: { period: string | undefined; months: number; limit: number; unreadOnly: string; minutes: number },
) {
  const token = t.adminToken;
  const seg = encodeURIComponent;
  for (const { id } of users) {
    const base = `/api/billing`;
    const p = q({ period: params.period });
    expectOk(await inject('GET', `${base}/dashboard/${seg(id)}${p}`, token), dashboardDataSchema);
    expectOk(await inject('GET', `${base}/usage/${seg(id)}${p}`, token), usageStatsSchema);
    expectOk(
      await inject('GET', `${base}/usage/${seg(id)}/trends${q({ months: String(params.months) })}`, token),
      usageTrendsSchema,
    );
    for (const provider of providers) {
      expectOk(
        await inject('GET', `${base}/usage/${seg(id)}/providers/${provider}${p}`, token),
        providerDetailsSchema,
      );
    }
    const page = expectOk(
      await inject(
        'GET',
        `${base}/usage/${seg(id)}/events${q({ period: params.period, limit: String(params.limit) })}`,
        token,
      ),
      eventsPageSchema,
    );
    if (page?.next_cursor) {
      expectOk(
        await inject(
          'GET',
          `${base}/usage/${seg(id)}/events${q({ period: params.period, cursor: page.next_cursor })}`,
          token,
        ),
        eventsPageSchema,
      );
    }
    expectOk(await inject('GET', `${base}/usage/${seg(id)}/events/export.csv${p}`, token));
    expectOk(
      await inject('GET', `${base}/alerts/${seg(id)}${q({ unread_only: params.unreadOnly })}`, token),
      alertsResponseSchema,
    );
  }
  expectOk(await inject('GET', '/api/billing/users', token), usersResponseSchema);
  expectOk(await inject('GET', '/api/monitoring/health', token), systemHealthSchema);
  expectOk(
    await inject('GET', `/api/monitoring/api-stats${q({ minutes: String(params.minutes) })}`, token),
    apiStatsSchema,
  );
  expectOk(await inject('GET', '/api/monitoring/lightweight-stats', token), lightweightStatsSchema);
  expectOk(await inject('GET', '/api/monitoring/cache-stats', token), cacheStatsSchema);
}

describe('valid but extreme input', () => {
  it('never causes a 5xx, and every read of the users touched keeps its contract', async () => {
    const scenario = fc
      .uniqueArray(fc.tuple(userId, timezone), { minLength: 1, maxLength: 3, selector: ([id]) => id })
      .chain((users) =>
        fc.record({
          users: fc.constant(users.map(([id, zone]) => ({ id, zone }))),
          before: fc.array(event(users.map(([id]) => id)), { minLength: 1, maxLength: 8 }),
          after: fc.array(event(users.map(([id]) => id)), { minLength: 1, maxLength: 8 }),
          period,
          months: fc.integer({ min: 1, max: 24 }),
          limit: fc.integer({ min: 1, max: 500 }),
          unreadOnly: fc.constantFrom('true', 'false', '1', '0'),
          minutes: fc.integer({ min: 1, max: 1440 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const first = expectOk(
          await inject('POST', '/api/usage/events', t.apiKey, { events: s.before }),
          usageBatchResponseSchema,
        );
        expect(first!.accepted + first!.duplicates + first!.rejected.length).toBe(s.before.length);
        // The users move to their timezones between the two reports (the first report created them).
        for (const user of s.users) {
          const res = await inject('PUT', `/api/billing/users/${encodeURIComponent(user.id)}`, t.adminToken, {
            timezone: user.zone,
          });
          expect([200, 404], res.text).toContain(res.status);
        }
        const second = expectOk(
          await inject('POST', '/api/usage/events', t.apiKey, { events: s.after }),
          usageBatchResponseSchema,
        );
        expect(second!.accepted + second!.duplicates + second!.rejected.length).toBe(s.after.length);
        // Each call of the second report reserved with its own extreme units, and given back.
        for (const e of s.after) {
          const keys = ['user_id', 'provider', 'model', 'input_tokens', 'output_tokens', 'cached_tokens'];
          const units = ['cache_write_tokens', 'searches', 'pages', 'images'];
          const body = Object.fromEntries(
            Object.entries(e).filter(([key]) => keys.includes(key) || units.includes(key)),
          );
          const answer = expectOk(
            await inject('POST', '/api/usage/check', t.apiKey, { ...body, reserve: true }),
            usageCheckResponseSchema,
          );
          if (answer?.reservation_id) {
            const path = `/api/usage/reservations/${encodeURIComponent(answer.reservation_id)}/release`;
            expectOk(await inject('POST', path, t.apiKey, {}), reservationReleaseResponseSchema);
          }
        }
        // Only the ceiling of a user's month may refuse a valid event here.
        for (const r of [...first!.rejected, ...second!.rejected]) expect(r.error.message).toMatch(/ceiling/);
        const providers = [...new Set([...s.before, ...s.after].map((e) => e.provider as Provider))];
        const reported = new Set([...s.before, ...s.after].map((e) => e.user_id));
        await readEverything(
          s.users.filter((u) => reported.has(u.id)),
          providers,
          s,
        );
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const check = await checkRollups({ db: t.server.ctx.db });
    expect(check.differences).toEqual([]);
    expect(check.badRows).toEqual([]);
  }, 120_000);
});
