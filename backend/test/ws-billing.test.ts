import {
  type UsageEventInput,
  type UsageStats,
  usageBatchResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';
import { connectSocket, HandshakeRefused } from './ws-client.ts';

let t: TestServer;
let counter = 0;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function call_(userId: string, extra: Partial<UsageEventInput> = {}): UsageEventInput {
  counter += 1;
  return {
    event_id: `ws-${counter}`,
    user_id: userId,
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    input_tokens: 100 + counter,
    output_tokens: 10,
    response_time_ms: 120,
    ...extra,
  };
}

async function report(events: UsageEventInput[]) {
  const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
  expect(res.status).toBe(200);
  return usageBatchResponseSchema.parse(res.body);
}

async function freshStats(userId: string): Promise<UsageStats> {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: await t.tokenFor(userId) });
  expect(res.status).toBe(200);
  return usageStatsSchema.parse(res.body);
}

/** The parts of UsageStats a report changes; `last_updated` is the time of the read and may differ. */
function totalsOf(stats: UsageStats) {
  const { last_updated: _ignored, ...rest } = stats;
  return rest;
}

async function refusal(userId: string, token: string | undefined): Promise<number> {
  try {
    const client = await connectSocket(t.url, userId, token);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof HandshakeRefused) return error.status;
    throw error;
  }
}

describe('the live usage socket', () => {
  it('sends the current stats on connect, then usage.updated after a report, matching a fresh read', async () => {
    await report([call_('alice')]);
    const client = await connectSocket(t.url, 'alice', await t.tokenFor('alice'));
    const initial = await client.waitFor((m) => m.type === 'usage.updated');
    expect(initial.type === 'usage.updated' && initial.data.total_calls).toBe(1);

    await report([call_('alice'), call_('alice', { provider: 'tavily', model: undefined })]);
    const update = await client.waitFor((m) => m.type === 'usage.updated' && m.data.total_calls === 3);
    const fresh = await freshStats('alice');
    expect(update.type).toBe('usage.updated');
    if (update.type === 'usage.updated') expect(totalsOf(update.data)).toEqual(totalsOf(fresh));
    await client.close();
  });

  it('takes the token from ?token= as well as from the subprotocol', async () => {
    const client = await connectSocket(t.url, 'alice', await t.tokenFor('alice'), 'query');
    const initial = await client.waitFor((m) => m.type === 'usage.updated');
    expect(initial.type === 'usage.updated' && initial.data.user_id).toBe('alice');
    expect(client.socket.protocol).toBe('');
    await client.close();
  });

  it('answers the bearer subprotocol, never echoing the token', async () => {
    const client = await connectSocket(t.url, 'alice', await t.tokenFor('alice'));
    expect(client.socket.protocol).toBe('bearer');
    await client.close();
  });

  it("refuses another user's token (403), no token (401) and an unknown user (404) before upgrading", async () => {
    await report([call_('bob')]);
    expect(await refusal('bob', await t.tokenFor('alice'))).toBe(403);
    expect(await refusal('bob', undefined)).toBe(401);
    expect(await refusal('bob', t.apiKey)).toBe(401);
    expect(await refusal('nobody-yet', await t.tokenFor('nobody-yet'))).toBe(404);
  });

  it("lets an admin watch any user's usage", async () => {
    const client = await connectSocket(t.url, 'bob', t.adminToken);
    const initial = await client.waitFor((m) => m.type === 'usage.updated');
    expect(initial.type === 'usage.updated' && initial.data.user_id).toBe('bob');
    await client.close();
  });

  it('does not send one user the changes of another', async () => {
    await report([call_('carol')]);
    const client = await connectSocket(t.url, 'carol', await t.tokenFor('carol'));
    await client.waitFor((m) => m.type === 'usage.updated');
    await report([call_('dave')]);
    await report([call_('carol')]);
    await client.waitFor((m) => m.type === 'usage.updated' && m.data.total_calls === 2);
    expect(client.messages.every((m) => m.type !== 'usage.updated' || m.data.user_id === 'carol')).toBe(true);
    await client.close();
  });

  it('pushes alert.created when a report crosses a limit threshold', async () => {
    // Free plan: 5 Stability calls a month, so the fourth call is 80 %.
    await report([call_('erin')]);
    const client = await connectSocket(t.url, 'erin', await t.tokenFor('erin'));
    await client.waitFor((m) => m.type === 'usage.updated');
    await report(
      [1, 2, 3, 4].map(() => call_('erin', { provider: 'stability', model: undefined, images: 1 })),
    );
    const alert = await client.waitFor((m) => m.type === 'alert.created');
    expect(alert.type === 'alert.created' && alert.data.metric).toBe('stability_calls');
    expect(alert.type === 'alert.created' && alert.data.threshold_percentage).toBe(80);
    // The update that carries the alert comes before it, so the stats already list it.
    const updateIndex = client.messages.findIndex(
      (m) => m.type === 'usage.updated' && m.data.alerts.some((a) => a.metric === 'stability_calls'),
    );
    expect(updateIndex).toBeGreaterThanOrEqual(0);
    expect(updateIndex).toBeLessThan(client.messages.indexOf(alert));
    await client.close();
  });

  it('coalesces a burst of 50 reports into few updates, the last one matching the final totals', async () => {
    await report([call_('frank')]);
    const client = await connectSocket(t.url, 'frank', await t.tokenFor('frank'));
    await client.waitFor((m) => m.type === 'usage.updated');
    const before = client.messages.length;

    const startedAt = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => report([call_('frank')])));
    const fresh = await freshStats('frank');
    expect(fresh.total_calls).toBe(51);
    await client.waitFor((m) => m.type === 'usage.updated' && m.data.total_calls === 51);
    // Give any straggler the chance to arrive, so the count below is the whole story.
    await new Promise((resolve) => setTimeout(resolve, 400));

    const indexes = client.messages
      .map((m, i) => (i >= before && m.type === 'usage.updated' ? i : -1))
      .filter((i) => i >= 0);
    const updates = indexes.map((i) => client.messages[i]!);
    // At most one update per 100 ms per user: n updates need (n - 1) × 100 ms from the first report to
    // the last update's arrival (2 ms for the server's millisecond clock).
    const span = client.arrivedAt[indexes.at(-1)!]! - startedAt + 2;
    expect(updates.length).toBeLessThanOrEqual(Math.floor(span / 100) + 1);
    const last = updates.at(-1);
    expect(last?.type === 'usage.updated' && totalsOf(last.data)).toEqual(totalsOf(fresh));
    await client.close();
  });
});
