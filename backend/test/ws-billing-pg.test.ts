import { type UsageStats, usageBatchResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';
import { type PgCluster, startPgCluster } from './pgCluster.ts';
import { connectSocket } from './ws-client.ts';

let cluster: PgCluster;
let t: TestServer;
beforeAll(async () => {
  cluster = await startPgCluster();
  t = await startTestServer({ databaseUrl: await cluster.createDatabase() });
});
afterAll(async () => {
  await t?.close();
  cluster?.stop();
});

let n = 0;
async function report(userId: string) {
  n += 1;
  const event = {
    event_id: `pg-ws-${n}`,
    user_id: userId,
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: n,
  };
  const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [event] } });
  expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(1);
}

async function usage(userId: string): Promise<UsageStats> {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: await t.tokenFor(userId) });
  return usageStatsSchema.parse(res.body);
}

const withoutTime = ({ last_updated: _t, ...rest }: UsageStats) => rest;

describe('live usage and the read cache on PostgreSQL', () => {
  it('ends a burst of concurrent reports on a socket message matching a fresh read', async () => {
    await report('pg-live');
    const client = await connectSocket(t.url, 'pg-live', await t.tokenFor('pg-live'));
    await client.waitFor((m) => m.type === 'usage.updated');
    // Reads race the reports on purpose: none of them may leave a stale entry in the cache.
    await Promise.all([
      ...Array.from({ length: 50 }, () => report('pg-live')),
      ...Array.from({ length: 20 }, () => usage('pg-live')),
    ]);
    const fresh = await usage('pg-live');
    expect(fresh.total_calls).toBe(51);
    const last = await client.waitFor((m) => m.type === 'usage.updated' && m.data.total_calls === 51);
    expect(last.type === 'usage.updated' && withoutTime(last.data)).toEqual(withoutTime(fresh));
    await client.close();
  });
});
