import {
  apiPath,
  usageBatchResponseSchema,
  usageCheckResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/tokens.ts';
import { openDatabase } from '../src/db/connection.ts';
import { countOpenReservations } from '../src/db/reservations.ts';
import { CHILD_SECRET, type ChildServer, prepareDatabase, startChildServer } from './childServer.ts';
import { call } from './harness.ts';
import { createPgDatabase, type TestDatabase } from './testDatabase.ts';

// Two real server processes (backend/src/main.ts) on one PostgreSQL database, as behind a load balancer,
// reserving against one user's limits at once.
let database: TestDatabase;
let key: string;
let a: ChildServer;
let b: ChildServer;
const tokens = createTokenService(CHILD_SECRET);

beforeAll(async () => {
  database = await createPgDatabase();
  key = await prepareDatabase(database.url);
  const env = { DATABASE_URL: database.url };
  [a, b] = await Promise.all([startChildServer(database.url, env), startChildServer(database.url, env)]);
});

afterAll(async () => {
  for (const server of [a, b]) {
    if (!server) continue;
    server.process.kill('SIGTERM');
    await server.exited;
  }
  await database?.drop();
});

let sequence = 0;
function geminiCall(userId: string, reservationId?: string) {
  sequence += 1;
  return {
    event_id: `mp-rsv-${userId}-${sequence}`,
    user_id: userId,
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    input_tokens: 10,
    output_tokens: 5,
    ...(reservationId ? { reservation_id: reservationId } : {}),
  };
}

async function report(server: ChildServer, events: unknown[]): Promise<void> {
  const res = await call(server.url, '/api/usage/events', { token: key, body: { events } });
  expect(res.status).toBe(200);
  expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(events.length);
}

async function reserve(server: ChildServer, userId: string) {
  const res = await call(server.url, '/api/usage/check', {
    token: key,
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
    const token = await tokens.sign({ userId: 'mp-rsv', role: 'user' });
    const usage = usageStatsSchema.parse((await call(b.url, apiPath.usage('mp-rsv'), { token })).body);
    expect(usage.total_calls).toBe(100);

    const handle = openDatabase(database.url);
    try {
      // As of time 0: every reservation still open, expired or not.
      expect(await countOpenReservations(handle.db, 'mp-rsv', 0)).toBe(0);
    } finally {
      await handle.close();
    }
    expect((await reserve(a, 'mp-rsv')).allowed).toBe(false);
  });
});
