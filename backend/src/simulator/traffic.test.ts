import { usageEventSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../seed/demo.ts';
import { seededRandom } from '../seed/random.ts';
import { type Burst, TRAFFIC_DEFAULTS, type TrafficOptions, trafficTick } from './traffic.ts';

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
