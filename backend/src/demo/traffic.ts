import type { Provider, UsageEventInput } from '@spendscope/contracts';
import { randomCall } from './calls.ts';

/** A call as the simulator reports it: the reporter gives it its event id and time. */
export type SimulatedCall = Omit<UsageEventInput, 'event_id'>;

/** Who the simulator plays: a user id and how much of each provider that user uses. */
export type SimulatedUser = { id: string; monthlyCalls: Partial<Record<Provider, number>> };

/** A stretch during which one provider fails often and answers slowly. */
export type Burst = { provider: Provider; ticksLeft: number };

export type TrafficOptions = {
  random: () => number;
  users: readonly SimulatedUser[];
  /** Average calls per tick over all users. */
  callsPerTick: number;
  /** Chance per tick that an error burst starts when none is running. */
  burstChance: number;
  /** Chance per call of a model no price exists for (stored unpriced, alerted on). */
  unknownModelChance: number;
};

export const TRAFFIC_DEFAULTS = {
  callsPerTick: 3,
  burstChance: 1 / 90,
  unknownModelChance: 0.005,
} as const;

/** The average month, in ms: the span the seeded `monthlyCalls` of a user are spread over. */
export const MONTH_MS = (365.25 / 12) * 24 * 60 * 60 * 1000;

/**
 * Calls per tick at the pace of the seeded history: the users' monthly calls spread over a month of
 * ticks, times `speed` (1 is the history's own pace).
 */
export function seededCallsPerTick(users: readonly SimulatedUser[], intervalMs: number, speed = 1): number {
  const monthly = users.reduce(
    (sum, u) => sum + Object.values(u.monthlyCalls).reduce((a, b) => a + (b ?? 0), 0),
    0,
  );
  return (monthly * intervalMs * speed) / MONTH_MS;
}

const BURST_TICKS = { min: 15, max: 30 } as const;
const BURST_ERROR_RATE = 0.5;
const BURST_SLOWDOWN = 3;
/** Extra calls per tick to the failing provider during a burst. */
const BURST_EXTRA_CALLS = 1.5;

function weightedPick<T>(random: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** How many of `expected` calls happen this tick: the whole part, plus one with the fraction's chance. */
function countOf(random: () => number, expected: number): number {
  return Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
}

/**
 * The calls of one tick. Each user gets a share of `callsPerTick` by their seeded volume, so the months
 * the simulator adds to look like the seeded ones; each call picks a provider by that user's mix. Now and then an
 * error burst starts for one provider, and a call names a model no price exists for.
 */
export function trafficTick(
  options: TrafficOptions,
  burst: Burst | undefined,
): {
  calls: SimulatedCall[];
  burst: Burst | undefined;
} {
  const { random, users } = options;
  let current = burst && burst.ticksLeft > 0 ? { ...burst, ticksLeft: burst.ticksLeft - 1 } : undefined;
  if (!current && random() < options.burstChance) {
    const providers = [...new Set(users.flatMap((u) => Object.keys(u.monthlyCalls) as Provider[]))];
    const provider = providers[Math.floor(random() * providers.length)];
    if (provider) {
      const ticks = BURST_TICKS.min + Math.floor(random() * (BURST_TICKS.max - BURST_TICKS.min + 1));
      current = { provider, ticksLeft: ticks };
    }
  }

  const weights = users.map((u) => Object.values(u.monthlyCalls).reduce((a, b) => a + (b ?? 0), 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
  const calls: SimulatedCall[] = [];
  users.forEach((user, index) => {
    const mix = Object.entries(user.monthlyCalls) as Array<[Provider, number]>;
    if (mix.length === 0) return;
    const count = countOf(random, (options.callsPerTick * weights[index]!) / totalWeight);
    for (let i = 0; i < count; i++) {
      const provider = weightedPick(random, mix);
      calls.push({ ...shape(options, provider, current), user_id: user.id });
    }
  });
  if (current) {
    // Apps retry a failing provider, so a burst brings extra calls to it: enough to show in health views.
    const burstProvider = current.provider;
    const callers = users.filter((u) => (u.monthlyCalls[burstProvider] ?? 0) > 0);
    // Scaled with the traffic, so a slow demo is not mostly retries.
    const retries = countOf(
      random,
      BURST_EXTRA_CALLS * Math.min(1, options.callsPerTick / TRAFFIC_DEFAULTS.callsPerTick),
    );
    for (let i = 0; i < retries && callers.length > 0; i++) {
      const caller = callers[Math.floor(random() * callers.length)]!;
      calls.push({ ...shape(options, burstProvider, current), user_id: caller.id });
    }
  }
  return { calls, burst: current };
}

function shape(options: TrafficOptions, provider: Provider, burst: Burst | undefined) {
  const { random } = options;
  const call: Omit<SimulatedCall, 'user_id'> = randomCall(random, provider);
  if (burst?.provider === provider) {
    call.response_time_ms = Math.round((call.response_time_ms ?? 1000) * BURST_SLOWDOWN);
    if (random() < BURST_ERROR_RATE) {
      call.status_code = random() < 0.5 ? 503 : 429;
      call.error = call.status_code === 503 ? 'service unavailable' : 'rate limited by the provider';
      // A failed call produced nothing.
      if (call.output_tokens !== undefined) call.output_tokens = 0;
      if (call.reasoning_tokens !== undefined) call.reasoning_tokens = 0;
    }
  }
  if (random() < options.unknownModelChance) call.model = `${provider}-preview-unlisted`;
  return call;
}
