import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './connection.ts';
import {
  addToPeriodTotals,
  addToRollups,
  insertNewEvents,
  type PeriodDelta,
  type RollupDelta,
} from './events.ts';
import { type ProviderTotals, providerTotals } from './rollups.ts';
import { type Database, EVENT_COLUMNS, type NewUsageEvent, ROLLUP_MEASURES } from './schema.ts';

type Db = Kysely<Database>;

/**
 * How the ingest path writes events, rollups and period totals inside its transaction `db`, and reads
 * the period totals back for its alert checks.
 */
export type EventWriter = {
  /** Inserts events whose event_id is not stored yet; returns the ids inserted. */
  insertNewEvents(db: Db, rows: readonly NewUsageEvent[]): Promise<Set<string>>;
  addToRollups(db: Db, deltas: readonly RollupDelta[]): Promise<void>;
  addToPeriodTotals(db: Db, deltas: readonly PeriodDelta[]): Promise<void>;
  periodTotals(db: Db, keys: ReadonlyArray<{ userId: string; period: string }>): Promise<ProviderTotals[]>;
};

/** Statements built by Kysely, rows sent as one JSON parameter: any connection, either dialect. */
export const queryEventWriter: EventWriter = {
  insertNewEvents,
  addToRollups,
  addToPeriodTotals,
  periodTotals: providerTotals,
};

/** Named parameters (`@column`): a row object binds as it is, with no array built per row. */
const named = (columns: readonly string[]) => columns.map((c) => `@${c}`).join(', ');

function upsert(sqlite: SQLite.Database, table: string, key: readonly string[]): SQLite.Statement {
  const columns = [...key, ...ROLLUP_MEASURES];
  return sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${named(columns)})
     on conflict (${key.join(', ')}) do update set ${ROLLUP_MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
  );
}

/**
 * SQLite: the same statements prepared once on the connection and run row by row. better-sqlite3
 * runs a prepared statement in about a microsecond, where packing and unpacking JSON costs several; the
 * statements run on the connection Kysely's transaction holds, so they are part of it.
 */
export function sqliteEventWriter(sqlite: SQLite.Database): EventWriter {
  // Prepared on first use, once the schema exists.
  let statements:
    | {
        insertEvent: SQLite.Statement;
        addRollup: SQLite.Statement;
        addTotal: SQLite.Statement;
        readTotals: SQLite.Statement<[string, string], ProviderTotals>;
      }
    | undefined;
  const prepared = () => {
    statements ??= {
      insertEvent: sqlite.prepare(
        `insert into usage_events (${EVENT_COLUMNS.join(', ')}) values (${named(EVENT_COLUMNS)})
         on conflict (event_id) do nothing`,
      ),
      addRollup: upsert(sqlite, 'usage_rollups', ['user_id', 'billing_period', 'day', 'provider', 'model']),
      addTotal: upsert(sqlite, 'usage_period_totals', ['user_id', 'billing_period', 'provider']),
      readTotals: sqlite.prepare<[string, string], ProviderTotals>(
        `select user_id, billing_period, provider, calls, errors, unpriced_calls, input_tokens, output_tokens,
           cached_tokens, cache_write_tokens, cost_nano, response_time_sum, response_time_count
         from usage_period_totals where user_id = ? and billing_period = ? order by provider`,
      ),
    };
    return statements;
  };
  return {
    async insertNewEvents(_db, rows) {
      const { insertEvent } = prepared();
      const inserted = new Set<string>();
      for (const row of rows) {
        if (insertEvent.run(row).changes > 0) inserted.add(row.event_id);
      }
      return inserted;
    },
    async addToRollups(_db, deltas) {
      const { addRollup } = prepared();
      for (const delta of deltas) addRollup.run(delta);
    },
    async addToPeriodTotals(_db, deltas) {
      const { addTotal } = prepared();
      for (const delta of deltas) addTotal.run(delta);
    },
    async periodTotals(_db, keys) {
      const { readTotals } = prepared();
      return keys.flatMap((k) => readTotals.all(k.userId, k.period));
    },
  };
}

/** The fastest writer the database offers. */
export function eventWriterFor(handle: Pick<DatabaseHandle, 'sqlite'>): EventWriter {
  return handle.sqlite ? sqliteEventWriter(handle.sqlite) : queryEventWriter;
}
