import { createReporter, type ReporterStats } from '@spendscope/client';
import {
  type Burst,
  type SimulatedUser,
  TRAFFIC_DEFAULTS,
  type TrafficOptions,
  trafficTick,
} from './traffic.ts';
import { DEMO_USERS } from './users.ts';

export type SimulatorOptions = {
  /** The Spendscope server, e.g. http://127.0.0.1:8000. */
  url: string;
  /** An ingestion key (`sk_…`). */
  apiKey: string;
  /** Time between ticks in ms. */
  intervalMs: number;
  users?: readonly SimulatedUser[];
  random?: () => number;
  callsPerTick?: number;
  burstChance?: number;
  unknownModelChance?: number;
  /** Where to say what happens (bursts, failures); silent when absent. */
  log?: (message: string) => void;
};

export type Simulator = {
  stats(): ReporterStats & { ticks: number };
  /** Stops ticking and delivers what is queued. */
  stop(): Promise<void>;
};

/** Failed deliveries are logged at most this often. */
const ERROR_LOG_EVERY_MS = 30_000;

/**
 * Reports realistic provider calls for the demo users through Spendscope's HTTP API, one tick every
 * `intervalMs`, with the client library's reporter (batched, retried, idempotent).
 */
export function startSimulator(options: SimulatorOptions): Simulator {
  const log = options.log ?? (() => {});
  let lastErrorLogAt = Number.NEGATIVE_INFINITY;
  const reporter = createReporter({
    url: options.url,
    apiKey: options.apiKey,
    batchSize: 500,
    flushIntervalMs: options.intervalMs,
    closeTimeoutMs: 2000,
    onError(error) {
      const now = Date.now();
      if (now - lastErrorLogAt < ERROR_LOG_EVERY_MS) return;
      lastErrorLogAt = now;
      log(`simulator: reporting failed, will retry: ${error.message}`);
    },
    onRejected(rejections) {
      log(`simulator: ${rejections.length} event(s) rejected: ${rejections[0]?.error.message ?? ''}`);
    },
  });
  const traffic: TrafficOptions = {
    random: options.random ?? Math.random,
    users: options.users ?? DEMO_USERS,
    callsPerTick: options.callsPerTick ?? TRAFFIC_DEFAULTS.callsPerTick,
    burstChance: options.burstChance ?? TRAFFIC_DEFAULTS.burstChance,
    unknownModelChance: options.unknownModelChance ?? TRAFFIC_DEFAULTS.unknownModelChance,
  };
  let burst: Burst | undefined;
  let ticks = 0;

  const timer = setInterval(() => {
    ticks += 1;
    const tick = trafficTick(traffic, burst);
    if (tick.burst && !burst) log(`simulator: ${tick.burst.provider} starts failing for a while`);
    if (burst && !tick.burst) log(`simulator: ${burst.provider} recovered`);
    burst = tick.burst;
    for (const call of tick.calls) reporter.report(call);
    void reporter.flush();
  }, options.intervalMs);

  return {
    stats: () => ({ ...reporter.stats(), ticks }),
    async stop() {
      clearInterval(timer);
      await reporter.close();
    },
  };
}
