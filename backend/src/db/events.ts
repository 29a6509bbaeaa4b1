import type { Kysely } from 'kysely';
import type { Database, NewUsageEvent, UsageRollupsTable } from './schema.ts';

type Db = Kysely<Database>;

/** Rows per INSERT statement: SQLite allows 32,766 bound values; 21 columns × 1,000 stays well inside. */
const EVENT_CHUNK = 1000;
const ROLLUP_CHUNK = 1000;

/** Inserts events, skipping any whose event_id is already stored; returns the ids actually inserted. */
export async function insertNewEvents(db: Db, events: readonly NewUsageEvent[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < events.length; i += EVENT_CHUNK) {
    const rows = await db
      .insertInto('usage_events')
      .values(events.slice(i, i + EVENT_CHUNK))
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    for (const row of rows) inserted.add(row.event_id);
  }
  return inserted;
}

export type RollupDelta = UsageRollupsTable;

const ADDITIVE = [
  'calls',
  'errors',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'searches',
  'pages',
  'images',
  'cost_nano',
  'response_time_sum',
  'response_time_count',
] as const;

/** Adds deltas to the day × provider × model rollups, creating rows as needed. */
export async function addToRollups(db: Db, deltas: readonly RollupDelta[]): Promise<void> {
  for (let i = 0; i < deltas.length; i += ROLLUP_CHUNK) {
    await db
      .insertInto('usage_rollups')
      .values(deltas.slice(i, i + ROLLUP_CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'billing_period', 'day', 'provider', 'model'])
          .doUpdateSet((eb) =>
            Object.fromEntries(
              ADDITIVE.map((column) => [
                column,
                eb(eb.ref(`usage_rollups.${column}`), '+', eb.ref(`excluded.${column}`)),
              ]),
            ),
          ),
      )
      .execute();
  }
}

/** An empty delta for one rollup key. */
export function emptyDelta(
  key: Pick<RollupDelta, 'user_id' | 'billing_period' | 'day' | 'provider' | 'model'>,
) {
  const delta: RollupDelta = {
    ...key,
    calls: 0,
    errors: 0,
    unpriced_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    reasoning_tokens: 0,
    searches: 0,
    pages: 0,
    images: 0,
    cost_nano: 0,
    response_time_sum: 0,
    response_time_count: 0,
  };
  return delta;
}
