import { usageEventSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.ts';
import {
  type Burst,
  MONTH_MS,
  seededCallsPerTick,
  TRAFFIC_DEFAULTS,
  type TrafficOptions,
  trafficTick,
} from './traffic.ts';
import { DEMO_USERS } from './users.ts';

function run(ticks: number, overrides: Partial<TrafficOptions> = {}) {
  const options: TrafficOptions = {
    random: seededRandom(42),
    users: DEMO_USERS,
    ...TRAFFIC_DEFAULTS,
    ...overrides,
  };
  let burst: Burst | undefined;
  const all = [];
  const bursts: Burst[] = [];
  for (let i = 0; i < ticks; i++) {
    const tick = trafficTick(options, burst);
    if (tick.burst && !burst) bursts.push(tick.burst);
    burst = tick.burst;
    all.push(...tick.calls.map((call) => ({ call, burst })));
  }
  return { all, bursts };
}

describe('simulated traffic', () => {
  it('reports valid calls for every demo user, about callsPerTick a tick', () => {
    const { all } = run(1000, { burstChance: 0 });
    expect(all.length).toBeGreaterThan(2500);
    expect(all.length).toBeLessThan(3500);
    for (const [index, { call }] of all.entries()) {
      expect(usageEventSchema.safeParse({ ...call, event_id: `e${index}` }).success).toBe(true);
    }
    const users = new Set(all.map(({ call }) => call.user_id));
    expect(users).toEqual(new Set(DEMO_USERS.map((u) => u.id)));
  });

  it('only calls providers a user uses', () => {
    const bob = DEMO_USERS.find((u) => u.id === 'demo-bob')!;
    const { all } = run(2000, { users: [bob] });
    expect(all.every(({ call }) => (bob.monthlyCalls[call.provider] ?? 0) > 0)).toBe(true);
  });

  it('now and then names a model no price exists for', () => {
    const { all } = run(1000, { burstChance: 0, unknownModelChance: 0.01 });
    const unknown = all.filter(({ call }) => call.model?.endsWith('-preview-unlisted'));
    expect(unknown.length).toBeGreaterThan(5);
    expect(unknown.length).toBeLessThan(100);
  });

  it('runs error bursts in which one provider fails about half the time', () => {
    const { all, bursts } = run(3000);
    expect(bursts.length).toBeGreaterThan(5);
    const inBurst = all.filter(({ call, burst }) => burst?.provider === call.provider);
    const failing = inBurst.filter(({ call }) => (call.status_code ?? 200) >= 400);
    expect(failing.length / inBurst.length).toBeGreaterThan(0.35);
    const outside = all.filter(({ call, burst }) => burst?.provider !== call.provider);
    const failingOutside = outside.filter(({ call }) => (call.status_code ?? 200) >= 400);
    expect(failingOutside.length / outside.length).toBeLessThan(0.1);
  });
});

describe('the seeded pace', () => {
  it('spreads the users’ monthly calls over a month of ticks', () => {
    const monthly = DEMO_USERS.reduce(
      (sum, u) => sum + Object.values(u.monthlyCalls).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    const perTick = seededCallsPerTick(DEMO_USERS, 2000);
    expect(perTick * (MONTH_MS / 2000)).toBeCloseTo(monthly, 6);
    expect(seededCallsPerTick(DEMO_USERS, 2000, 10)).toBeCloseTo(perTick * 10, 12);
  });

  it('gives each user a share of the calls by their seeded volume', () => {
    const { all } = run(20_000, { burstChance: 0, callsPerTick: 1 });
    const carol = all.filter(({ call }) => call.user_id === 'demo-carol').length;
    const bob = all.filter(({ call }) => call.user_id === 'demo-bob').length;
    const volume = (id: string) =>
      Object.values(DEMO_USERS.find((u) => u.id === id)!.monthlyCalls).reduce((a, b) => a + (b ?? 0), 0);
    expect(carol / bob).toBeGreaterThan((volume('demo-carol') / volume('demo-bob')) * 0.7);
    expect(carol / bob).toBeLessThan((volume('demo-carol') / volume('demo-bob')) * 1.3);
  });

  it('adds a month like the seeded ones over a month of ticks at speed 1', () => {
    const intervalMs = 60_000;
    const ticks = Math.round(MONTH_MS / intervalMs);
    // Without error bursts, whose retries come on top.
    const { all } = run(ticks, { burstChance: 0, callsPerTick: seededCallsPerTick(DEMO_USERS, intervalMs) });
    const monthly = DEMO_USERS.reduce(
      (sum, u) => sum + Object.values(u.monthlyCalls).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    expect(all.length).toBeGreaterThan(monthly * 0.9);
    expect(all.length).toBeLessThan(monthly * 1.1);
  });
});
