import {
  type BillingSocketMessage,
  billingSocketMessageSchema,
  type UsageAlert,
  type UsageStats,
} from '@spendscope/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from '../changes.ts';
import { DEFAULT_PLANS } from '../defaults/plans.ts';
import { buildUsageStats, summarizePeriod } from '../domain/usage.ts';
import { BillingHub, CLOSE_TRY_AGAIN_LATER, type HubSocket } from './hub.ts';

class FakeSocket implements HubSocket {
  bufferedAmount = 0;
  readyState = 1;
  sent: BillingSocketMessage[] = [];
  pings = 0;
  closedWith: number | undefined;
  isTerminated = false;
  send(data: string) {
    this.sent.push(billingSocketMessageSchema.parse(JSON.parse(data)));
  }
  ping() {
    this.pings += 1;
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate() {
    this.isTerminated = true;
    this.readyState = 3;
  }
  updates() {
    return this.sent.filter((m) => m.type === 'usage.updated');
  }
}

const free = DEFAULT_PLANS[0]!;

function statsFor(userId: string, calls: number): UsageStats {
  const stats = buildUsageStats({
    userId,
    period: '2026-03',
    plan: free,
    totals: summarizePeriod([]),
    alerts: [],
    now: new Date('2026-03-10T00:00:00Z'),
  });
  return { ...stats, total_calls: calls };
}

function alertFor(userId: string): UsageAlert {
  return {
    id: 7,
    user_id: userId,
    type: 'usage_threshold',
    metric: 'gemini_calls',
    provider: 'gemini',
    threshold_percentage: 80,
    severity: 'info',
    title: 'Gemini calls at 80 %',
    message: 'You have used 80 of 100 Gemini calls this month.',
    billing_period: '2026-03',
    is_read: false,
    created_at: '2026-03-10T00:00:00.000Z',
  };
}

let changes: ChangeFeed;
let calls: Map<string, number>;
let hub: BillingHub;
let skew = 0;

function touch(userId: string, newAlerts: UsageAlert[] = []) {
  calls.set(userId, (calls.get(userId) ?? 0) + 1);
  changes.publish({ touched: [{ userId, period: '2026-03' }], newAlerts });
}

beforeEach(() => {
  vi.useFakeTimers();
  skew = 0;
  changes = new ChangeFeed();
  calls = new Map();
  hub = new BillingHub({
    changes,
    loadStats: async (userId) => statsFor(userId, calls.get(userId) ?? 0),
    heartbeatMs: 1000,
    maxBufferedBytes: 1000,
    now: () => Date.now() - skew,
  });
});
afterEach(() => {
  hub.close();
  vi.useRealTimers();
});

describe('BillingHub', () => {
  it('sends a new socket the current stats at once', async () => {
    calls.set('u1', 4);
    const socket = new FakeSocket();
    hub.join('u1', socket);
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent).toHaveLength(1);
    expect(socket.updates()[0]?.type === 'usage.updated' && socket.updates()[0]?.data.total_calls).toBe(4);
  });

  it('sends the first update after a quiet spell without waiting', async () => {
    const socket = new FakeSocket();
    hub.join('u1', socket);
    await vi.advanceTimersByTimeAsync(500);
    touch('u1');
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.updates()).toHaveLength(2);
  });

  it('coalesces a burst into one update per 100 ms, the last carrying the final numbers', async () => {
    const socket = new FakeSocket();
    hub.join('u1', socket);
    await vi.advanceTimersByTimeAsync(500);
    for (let i = 0; i < 30; i++) {
      touch('u1');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(200);
    const updates = socket.updates();
    // 1 initial + the burst over 300 ms: the first at once, then at most one per 100 ms.
    expect(updates.length).toBeLessThanOrEqual(1 + 4);
    const last = updates.at(-1);
    expect(last?.type === 'usage.updated' && last.data.total_calls).toBe(30);
  });

  it('still sends a pending update when its timer fires before the gap is over by the hub clock', async () => {
    const socket = new FakeSocket();
    hub.join('u1', socket);
    await vi.advanceTimersByTimeAsync(500);
    touch('u1');
    await vi.advanceTimersByTimeAsync(0);
    touch('u1');
    skew = 5;
    await vi.advanceTimersByTimeAsync(200);
    const last = socket.updates().at(-1);
    expect(last?.type === 'usage.updated' && last.data.total_calls).toBe(2);
  });

  it("sends updates only to the changed user's sockets", async () => {
    const mine = new FakeSocket();
    const theirs = new FakeSocket();
    hub.join('u1', mine);
    hub.join('u2', theirs);
    await vi.advanceTimersByTimeAsync(0);
    touch('u1');
    await vi.advanceTimersByTimeAsync(150);
    expect(mine.updates()).toHaveLength(2);
    expect(theirs.updates()).toHaveLength(1);
  });

  it('sends every user fresh totals when changes may have been missed', async () => {
    const first = new FakeSocket();
    const second = new FakeSocket();
    hub.join('u1', first);
    hub.join('u2', second);
    await vi.advanceTimersByTimeAsync(0);
    calls.set('u2', 9);
    changes.publish({ touched: [], newAlerts: [], everything: true });
    await vi.advanceTimersByTimeAsync(150);
    expect(first.updates()).toHaveLength(2);
    const last = second.updates().at(-1);
    expect(second.updates()).toHaveLength(2);
    expect(last?.type === 'usage.updated' && last.data.total_calls).toBe(9);
  });

  it('sends alert.created after the update, to every socket of the user', async () => {
    const first = new FakeSocket();
    const second = new FakeSocket();
    hub.join('u1', first);
    hub.join('u1', second);
    await vi.advanceTimersByTimeAsync(0);
    touch('u1', [alertFor('u1')]);
    await vi.advanceTimersByTimeAsync(0);
    for (const socket of [first, second]) {
      expect(socket.sent.map((m) => m.type)).toEqual(['usage.updated', 'usage.updated', 'alert.created']);
    }
  });

  it('closes a socket that does not read instead of queueing more for it', async () => {
    const slow = new FakeSocket();
    hub.join('u1', slow);
    await vi.advanceTimersByTimeAsync(0);
    slow.bufferedAmount = 5000;
    touch('u1');
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.updates()).toHaveLength(1);
    expect(slow.closedWith).toBe(CLOSE_TRY_AGAIN_LATER);
    expect(slow.isTerminated).toBe(true);
  });

  it('pings sockets and terminates one that missed a ping', async () => {
    const quiet = new FakeSocket();
    const lively = new FakeSocket();
    hub.join('u1', quiet);
    const member = hub.join('u1', lively);
    await vi.advanceTimersByTimeAsync(1000);
    expect(quiet.pings).toBe(1);
    member.alive();
    await vi.advanceTimersByTimeAsync(1000);
    expect(quiet.isTerminated).toBe(true);
    expect(lively.isTerminated).toBe(false);
    expect(lively.pings).toBe(2);
  });

  it('counts open sockets and forgets the ones that left', async () => {
    const socket = new FakeSocket();
    const member = hub.join('u1', socket);
    expect(hub.size).toBe(1);
    member.leave();
    member.leave();
    expect(hub.size).toBe(0);
    touch('u1');
    await vi.advanceTimersByTimeAsync(200);
    expect(socket.updates()).toHaveLength(0);
  });
});
