import {
  alertsResponseSchema,
  apiPath,
  type BillingSocketMessage,
  cacheStatsSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiCall as billingGeminiCall } from './billing-helpers.ts';
import type { ChildServer } from './childServer.ts';
import { call } from './harness.ts';
import { type PgServerPair, startPgServerPair } from './pgServerPair.ts';
import { connectSocket, type SocketClient } from './ws-client.ts';

// Two real server processes on one PostgreSQL database, as behind a load balancer.
let pair: PgServerPair;
let a: ChildServer;
let b: ChildServer;
const sockets: SocketClient[] = [];

beforeAll(async () => {
  pair = await startPgServerPair();
  ({ a, b } = pair);
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await pair?.stop();
});

/** A small Gemini call made now (the servers run on the real clock). */
const geminiCall = (userId: string) => billingGeminiCall(userId, new Date());
const report = (server: ChildServer, events: unknown[]) => pair.report(server, events);
const userToken = (userId: string) => pair.token(userId);
const adminToken = () => pair.token('operator', 'admin');

async function socketOn(server: ChildServer, userId: string): Promise<SocketClient> {
  const socket = await connectSocket(server.url, userId, await userToken(userId));
  sockets.push(socket);
  return socket;
}

const isUsageWith = (calls: number) => (m: BillingSocketMessage) =>
  m.type === 'usage.updated' && m.data.total_calls === calls;

async function totalCallsOn(server: ChildServer, userId: string): Promise<number> {
  const res = await call(server.url, apiPath.usage(userId), { token: await userToken(userId) });
  return usageStatsSchema.parse(res.body).total_calls;
}

async function cacheStatsOf(server: ChildServer) {
  const res = await call(server.url, '/api/monitoring/cache-stats', { token: await adminToken() });
  return cacheStatsSchema.parse(res.body);
}

describe('several server processes on one PostgreSQL database', () => {
  it('pushes a report accepted by process A to a WebSocket client connected to process B', async () => {
    await report(a, [geminiCall('mp-live')]);
    const socket = await socketOn(b, 'mp-live');
    await socket.waitFor(isUsageWith(1));

    await report(a, [geminiCall('mp-live'), geminiCall('mp-live')]);

    const update = await socket.waitFor(isUsageWith(3));
    expect(update.type === 'usage.updated' && update.data.user_id).toBe('mp-live');
  });

  it('creates each crossed alert once, and both processes push it once to their sockets', async () => {
    // Free plan: 100 Gemini calls. 70 first, then 40 racing reports split over both processes.
    await report(
      a,
      Array.from({ length: 70 }, () => geminiCall('mp-alerts')),
    );
    const onA = await socketOn(a, 'mp-alerts');
    const onB = await socketOn(b, 'mp-alerts');
    await Promise.all([onA.waitFor(isUsageWith(70)), onB.waitFor(isUsageWith(70))]);

    await Promise.all(
      Array.from({ length: 40 }, (_, i) => report(i % 2 === 0 ? a : b, [geminiCall('mp-alerts')])),
    );

    const res = await call(a.url, apiPath.alerts('mp-alerts'), { token: await userToken('mp-alerts') });
    const stored = alertsResponseSchema.parse(res.body).alerts.filter((x) => x.metric === 'gemini_calls');
    expect(stored.map((x) => x.threshold_percentage).sort((x, y) => x - y)).toEqual([80, 90, 100]);

    for (const socket of [onA, onB]) {
      await socket.waitFor(isUsageWith(110));
      for (const alert of stored)
        await socket.waitFor((m) => m.type === 'alert.created' && m.data.id === alert.id);
      const pushed = socket.messages.flatMap((m) => (m.type === 'alert.created' ? [m.data.id] : []));
      expect(pushed.sort()).toEqual(stored.map((x) => x.id).sort());
    }
  });

  it('drops a cached read on process B when process A stores a report for that user', async () => {
    await report(a, [geminiCall('mp-cache')]);
    expect(await totalCallsOn(b, 'mp-cache')).toBe(1);
    const before = await cacheStatsOf(b);
    expect(await totalCallsOn(b, 'mp-cache')).toBe(1);
    expect((await cacheStatsOf(b)).hits).toBeGreaterThan(before.hits);

    await report(a, [geminiCall('mp-cache')]);

    // B hears the change over LISTEN/NOTIFY; from then on its cached read is gone.
    await expect
      .poll(async () => (await cacheStatsOf(b)).invalidations, { timeout: 5000 })
      .toBeGreaterThan(before.invalidations);
    expect(await totalCallsOn(b, 'mp-cache')).toBe(2);
  });
});
