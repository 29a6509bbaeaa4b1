import { LLM_PROVIDERS, type Provider, type UsageEventInput } from '@spendscope/contracts';
import { sql } from 'kysely';
import { openDatabase } from '../backend/src/db/connection.ts';
import { eventBatches } from './events.ts';
import { type IngestRun, postBatches } from './ingest.ts';
import { quantile } from './stats.ts';

/**
 * Names clients send today, each priced by a different catalog rule: exact ids, dated snapshots,
 * dotted aliases and Gemini's `models/` prefix.
 */
export const CURRENT_MODELS: Partial<Record<Provider, readonly string[]>> = {
  openai: ['gpt-5.1', 'gpt-5-mini', 'gpt-4.1-mini-2025-04-14'],
  anthropic: ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5', 'claude-haiku-4-5'],
  gemini: ['models/gemini-3-pro-preview', 'gemini-2.5-flash', 'models/gemini-2.5-flash-lite'],
  mistral: ['mistral-large-latest', 'mistral-small-latest'],
};

const isLlm = (provider: Provider) => (LLM_PROVIDERS as readonly string[]).includes(provider);

/** The same calls with each LLM call's model replaced by a current name (request providers unchanged). */
export function withCurrentModels(batches: readonly UsageEventInput[][]): UsageEventInput[][] {
  let n = 0;
  return batches.map((batch) =>
    batch.map((event) => {
      const names = CURRENT_MODELS[event.provider];
      if (!names || !isLlm(event.provider)) return event;
      return { ...event, model: names[n++ % names.length]! };
    }),
  );
}

export type ModelNamesRound = { old: IngestRun; current: IngestRun; ratio: number };

export type ModelNamesResult = {
  eventsPerRound: number;
  rounds: ModelNamesRound[];
  /** Median over rounds of current-name rate ÷ old-name rate. */
  medianRatio: number;
  medianOldEventsPerSecond: number;
  medianCurrentEventsPerSecond: number;
  /** Stored events of each variant without a price (must be 0 for current names). */
  unpriced: { old: number; current: number };
};

type Body = { body: Buffer; events: number };

/**
 * Ingest with the 2024 model names beside the same traffic with current names, interleaved round by
 * round (the order flips each round) so that load from other processes falls on both alike.
 */
export async function measureModelNames(options: {
  url: string;
  apiKey: string;
  target: string;
  events: number;
  rounds: number;
  batchSize: number;
  concurrency: number;
  bodiesOf: (batches: readonly UsageEventInput[][]) => Body[];
}): Promise<ModelNamesResult> {
  const now = Date.now();
  const batchesOf = (seed: number, userPrefix: string) => [
    ...eventBatches(
      { seed, users: 1000, userPrefix, from: now - 3_600_000, to: now },
      options.events,
      options.batchSize,
    ),
  ];
  const rounds: ModelNamesRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const old = options.bodiesOf(batchesOf(100 + 2 * round, 'bench-names-old'));
    const current = options.bodiesOf(withCurrentModels(batchesOf(101 + 2 * round, 'bench-names-new')));
    const post = (bodies: Body[]) =>
      postBatches({ url: options.url, apiKey: options.apiKey, bodies, concurrency: options.concurrency });
    let oldRun: IngestRun;
    let currentRun: IngestRun;
    if (round % 2 === 0) {
      oldRun = await post(old);
      currentRun = await post(current);
    } else {
      currentRun = await post(current);
      oldRun = await post(old);
    }
    rounds.push({
      old: oldRun,
      current: currentRun,
      ratio: currentRun.eventsPerSecond / oldRun.eventsPerSecond,
    });
  }
  const unpriced = await unpricedCounts(options.target);
  if (unpriced.current !== 0) {
    throw new Error(`${unpriced.current} events with current model names were stored without a price`);
  }
  return {
    eventsPerRound: options.events,
    rounds,
    medianRatio: quantile(
      rounds.map((r) => r.ratio),
      0.5,
    ),
    medianOldEventsPerSecond: quantile(
      rounds.map((r) => r.old.eventsPerSecond),
      0.5,
    ),
    medianCurrentEventsPerSecond: quantile(
      rounds.map((r) => r.current.eventsPerSecond),
      0.5,
    ),
    unpriced,
  };
}

/** Stored LLM calls of each variant that found no price. */
async function unpricedCounts(target: string): Promise<{ old: number; current: number }> {
  const handle = openDatabase(target);
  try {
    const count = async (prefix: string) => {
      const row = await handle.db
        .selectFrom('usage_events')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', 'like', `${prefix}-%`)
        .where('provider', 'in', [...LLM_PROVIDERS])
        .where('price_id', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return { old: await count('bench-names-old'), current: await count('bench-names-new') };
  } finally {
    await handle.close();
  }
}
