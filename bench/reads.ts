import {
  apiPath,
  dashboardDataSchema,
  usageBatchResponseSchema,
  usageStatsSchema,
} from '@spendscope/contracts';
import { sql } from 'kysely';
import { openDatabase } from '../backend/src/db/connection.ts';
import { send } from './http.ts';
import { type Latency, latencyOf } from './stats.ts';

let sequence = 0;

/** Reports one small call for the user, which drops the user's cached reads on the server. */
async function touch(url: string, apiKey: string, userId: string): Promise<void> {
  sequence += 1;
  const event = { event_id: `bench-touch-${Date.now()}-${sequence}`, user_id: userId, provider: 'serper' };
  const body = Buffer.from(JSON.stringify({ events: [event] }));
  const res = await send(`${url}/api/usage/events`, { token: apiKey, body });
  usageBatchResponseSchema.parse(JSON.parse(res.text));
}

export type ReadLatency = { dashboard: Latency; usage: Latency; dashboardCached: Latency };

/**
 * Dashboard and usage latency over HTTP, one request at a time. Each measured read follows a report for
 * the user, so it is a cache miss computed from the rollups (as after every change of a live
 * dashboard); `dashboardCached` is the same read repeated without a change in between.
 */
export async function measureReads(options: {
  url: string;
  apiKey: string;
  token: string;
  userId: string;
  samples: number;
}): Promise<ReadLatency> {
  const { url, apiKey, token, userId, samples } = options;
  const timed = async (path: string, check: (body: unknown) => unknown) => {
    const started = performance.now();
    const res = await send(`${url}${path}`, { token });
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    check(JSON.parse(res.text));
    return elapsed;
  };
  const dashboard: number[] = [];
  const usage: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < samples; i++) {
    await touch(url, apiKey, userId);
    dashboard.push(await timed(apiPath.dashboard(userId), (b) => dashboardDataSchema.parse(b)));
    cached.push(await timed(apiPath.dashboard(userId), (b) => dashboardDataSchema.parse(b)));
    await touch(url, apiKey, userId);
    usage.push(await timed(apiPath.usage(userId), (b) => usageStatsSchema.parse(b)));
  }
  return { dashboard: latencyOf(dashboard), usage: latencyOf(usage), dashboardCached: latencyOf(cached) };
}

/**
 * The naive way: the dashboard's numbers (this period per provider, six months of trends) aggregated
 * from the raw events on every request, straight against the database (no HTTP, so it is flattered).
 */
export async function measureBaseline(options: {
  target: string;
  userId: string;
  periods: readonly string[];
  samples: number;
}): Promise<Latency & { calls: number }> {
  const handle = openDatabase(options.target);
  const { db } = handle;
  const current = options.periods[options.periods.length - 1]!;
  const durations: number[] = [];
  let calls = 0;
  try {
    for (let i = 0; i < options.samples; i++) {
      const started = performance.now();
      const [byProvider] = await Promise.all([
        db
          .selectFrom('usage_events')
          .select(({ fn }) => [
            'provider',
            fn.countAll<number>().as('calls'),
            sql<number>`sum(case when status_code >= 400 or error is not null then 1 else 0 end)`.as(
              'errors',
            ),
            sql<number>`sum(case when price_id is null then 1 else 0 end)`.as('unpriced'),
            fn.sum<number>('input_tokens').as('input_tokens'),
            fn.sum<number>('output_tokens').as('output_tokens'),
            fn.sum<number>('cached_tokens').as('cached_tokens'),
            fn.sum<number>('cost_nano').as('cost_nano'),
            fn.sum<number>('response_time_ms').as('response_time_sum'),
            fn.count<number>('response_time_ms').as('response_time_count'),
          ])
          .where('user_id', '=', options.userId)
          .where('billing_period', '=', current)
          .groupBy('provider')
          .execute(),
        db
          .selectFrom('usage_events')
          .select(({ fn }) => [
            'billing_period',
            'provider',
            fn.countAll<number>().as('calls'),
            fn.sum<number>('cost_nano').as('cost_nano'),
            sql<number>`sum(input_tokens + output_tokens + cached_tokens)`.as('tokens'),
          ])
          .where('user_id', '=', options.userId)
          .where('billing_period', 'in', [...options.periods])
          .groupBy(['billing_period', 'provider'])
          .execute(),
      ]);
      durations.push(performance.now() - started);
      calls = byProvider.reduce((sum, row) => sum + Number(row.calls), 0);
    }
  } finally {
    await handle.close();
  }
  return { ...latencyOf(durations), calls };
}
