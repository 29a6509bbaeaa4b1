import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import {
  type Database,
  EVENT_COLUMN_TYPES,
  EVENT_COLUMNS,
  type NewUsageEvent,
  ROLLUP_MEASURES,
  type SqlType,
  type UsagePeriodTotalsTable,
  type UsageRollupsTable,
} from './schema.ts';

type Db = Kysely<Database>;

/**
 * Rows travel to the database as one JSON parameter per statement and are unpacked there (SQLite
 * `json_each`, PostgreSQL `json_to_recordset`): one short statement per batch instead of one bound
 * value per column per row, which keeps statement building and parsing out of the ingest path.
 */
const CHUNK = 5000;

const EVENT_COLUMN_PAIRS = Object.entries(EVENT_COLUMN_TYPES) as Array<[string, SqlType]>;

const ROLLUP_KEY = ['user_id', 'billing_period', 'day', 'provider', 'model'] as const;

const MEASURE_COLUMNS = ROLLUP_MEASURES.map(
  (c) => [c, c === 'response_time_sum' ? 'double precision' : 'bigint'] as const,
);

const ROLLUP_COLUMNS: ReadonlyArray<readonly [keyof UsageRollupsTable & string, SqlType]> = [
  ...ROLLUP_KEY.map((c) => [c, 'text'] as const),
  ...MEASURE_COLUMNS,
];

const PERIOD_KEY = ['user_id', 'billing_period', 'provider'] as const;

const PERIOD_COLUMNS: ReadonlyArray<readonly [keyof UsagePeriodTotalsTable & string, SqlType]> = [
  ...PERIOD_KEY.map((c) => [c, 'text'] as const),
  ...MEASURE_COLUMNS,
];

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** `SELECT <columns> FROM <rows unpacked from one JSON parameter>`, for either dialect. */
function rowsFromJson(
  db: Db,
  columns: ReadonlyArray<readonly [string, SqlType]>,
  rows: readonly object[],
): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  if (isPostgres(db)) {
    const definition = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '));
    return sql`select ${names} from json_to_recordset(${json}::json) as r(${definition})`;
  }
  // `where true` tells SQLite the upsert clause that follows belongs to the INSERT, not to a join.
  const values = sql.raw(columns.map(([name]) => `j.value ->> '${name}'`).join(', '));
  return sql`select ${values} from json_each(${json}) as j where true`;
}

/**
 * Inserts events, skipping any whose event_id is already stored; returns the ids actually inserted.
 * Rows go in event_id order, so concurrent PostgreSQL transactions meeting the same ids (a client's
 * retry racing its original) take the unique-key locks in one order and cannot deadlock.
 */
export async function insertNewEvents(db: Db, events: readonly NewUsageEvent[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const sorted = [...events].sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
  const names = sql.raw(EVENT_COLUMNS.join(', '));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const source = rowsFromJson(db, EVENT_COLUMN_PAIRS, sorted.slice(i, i + CHUNK));
    const result = await sql<{ event_id: string }>`insert into usage_events (${names}) ${source}
      on conflict (event_id) do nothing returning event_id`.execute(db);
    for (const row of result.rows) inserted.add(row.event_id);
  }
  return inserted;
}

export type RollupDelta = UsageRollupsTable;
export type PeriodDelta = UsagePeriodTotalsTable;

const byKey = <T>(keyOf: (row: T) => string, rows: readonly T[]): T[] =>
  rows
    .map((row) => ({ key: keyOf(row), row }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.row);

/** Adds deltas to rows of `table` keyed by `key`, creating rows as needed. */
async function addTo(
  db: Db,
  table: 'usage_rollups' | 'usage_period_totals',
  key: readonly string[],
  columns: ReadonlyArray<readonly [string, SqlType]>,
  deltas: readonly object[],
): Promise<void> {
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  const conflict = sql.raw(key.join(', '));
  const additions = sql.raw(ROLLUP_MEASURES.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));
  for (let i = 0; i < deltas.length; i += CHUNK) {
    const source = rowsFromJson(db, columns, deltas.slice(i, i + CHUNK));
    await sql`insert into ${sql.table(table)} (${names}) ${source}
      on conflict (${conflict}) do update set ${additions}`.execute(db);
  }
}

/**
 * Adds deltas to the day × provider × model rollups, creating rows as needed. Deltas must have distinct
 * keys (PostgreSQL refuses to update one row twice in a statement); they are applied in key order so
 * concurrent transactions lock rollup rows in one order.
 */
export async function addToRollups(db: Db, deltas: readonly RollupDelta[]): Promise<void> {
  const sorted = byKey(
    (d) => `${d.user_id}\u0000${d.billing_period}\u0000${d.day}\u0000${d.provider}\u0000${d.model}`,
    deltas,
  );
  await addTo(db, 'usage_rollups', ROLLUP_KEY, ROLLUP_COLUMNS, sorted);
}

/** Adds deltas to the user × period × provider totals, in key order, like addToRollups. */
export async function addToPeriodTotals(db: Db, deltas: readonly PeriodDelta[]): Promise<void> {
  const sorted = byKey((d) => `${d.user_id}\u0000${d.billing_period}\u0000${d.provider}`, deltas);
  await addTo(db, 'usage_period_totals', PERIOD_KEY, PERIOD_COLUMNS, sorted);
}

/** An empty delta for one rollup key. */
export function emptyDelta(
  key: Pick<RollupDelta, 'user_id' | 'billing_period' | 'day' | 'provider' | 'model'>,
): RollupDelta {
  // One literal with every field (no spread): V8 then gives all deltas one fast shape, which the
  // ingest loop updates thousands of times per report.
  return {
    user_id: key.user_id,
    billing_period: key.billing_period,
    day: key.day,
    provider: key.provider,
    model: key.model,
    calls: 0,
    errors: 0,
    unpriced_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    searches: 0,
    pages: 0,
    images: 0,
    cost_nano: 0,
    response_time_sum: 0,
    response_time_count: 0,
  };
}

/** An empty delta for one user × period × provider (a literal, for the same reason as emptyDelta). */
export function emptyPeriodDelta(
  key: Pick<PeriodDelta, 'user_id' | 'billing_period' | 'provider'>,
): PeriodDelta {
  return {
    user_id: key.user_id,
    billing_period: key.billing_period,
    provider: key.provider,
    calls: 0,
    errors: 0,
    unpriced_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    searches: 0,
    pages: 0,
    images: 0,
    cost_nano: 0,
    response_time_sum: 0,
    response_time_count: 0,
  };
}
