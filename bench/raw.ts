import { type UsageEventInput, usageEventSchema } from '@spendscope/contracts';
import pg from 'pg';
import { openDatabase, openSqliteFile } from '../backend/src/db/connection.ts';
import { migrateToLatest } from '../backend/src/db/migrations.ts';
import { EVENT_COLUMN_TYPES, EVENT_COLUMNS, type NewUsageEvent } from '../backend/src/db/schema.ts';
import { seedCatalog } from '../backend/src/defaults/seedCatalog.ts';
import { storedEventOf } from '../backend/src/domain/ingestRows.ts';
import { PriceBook } from '../backend/src/domain/priceBook.ts';

/** The rows the server stores for these events (users in UTC), priced from the seeded price table. */
export async function rowsOf(
  target: string,
  batches: readonly UsageEventInput[][],
): Promise<NewUsageEvent[]> {
  const handle = openDatabase(target);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    await seedCatalog(handle.db);
    const prices = new PriceBook(handle.db);
    await prices.refresh();
    const receivedAt = Date.now();
    return batches.flat().map(
      (input) =>
        storedEventOf(usageEventSchema.parse(input), {
          timezone: 'UTC',
          receivedAt,
          priceOf: (provider, model, at) => prices.resolve(provider, model, at),
        }).row,
    );
  } finally {
    await handle.close();
  }
}

export type RawRun = { rows: number; seconds: number; rowsPerSecond: number; method: string };

/**
 * The limit: the same rows inserted straight into an empty database with the server's schema (every
 * index in place) in one transaction, with nothing else to do — no HTTP, validation, pricing, rollups
 * or alerts. SQLite: one prepared statement run per row (better-sqlite3). PostgreSQL: one `unnest` of
 * column arrays per 10,000 rows (the fastest the `pg` driver offers without COPY).
 */
export async function rawInsert(target: string, rows: readonly NewUsageEvent[]): Promise<RawRun> {
  const handle = openDatabase(target);
  await migrateToLatest(handle.db, handle.dialect);
  await handle.close();
  const columns = EVENT_COLUMNS.join(', ');
  if (!target.startsWith('postgres')) {
    const sqlite = openSqliteFile(target);
    const insert = sqlite.prepare(
      `insert into usage_events (${columns}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    );
    const started = performance.now();
    sqlite.transaction(() => {
      for (const row of rows) insert.run(EVENT_COLUMNS.map((c) => row[c] ?? null));
    })();
    const seconds = (performance.now() - started) / 1000;
    sqlite.close();
    return {
      rows: rows.length,
      seconds,
      rowsPerSecond: rows.length / seconds,
      method: 'prepared insert per row',
    };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const unnest = EVENT_COLUMNS.map((c, i) => `$${i + 1}::${EVENT_COLUMN_TYPES[c]}[]`).join(', ');
  const started = performance.now();
  await client.query('begin');
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000);
    await client.query(
      `insert into usage_events (${columns}) select * from unnest(${unnest})`,
      EVENT_COLUMNS.map((c) => chunk.map((row) => row[c] ?? null)),
    );
  }
  await client.query('commit');
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return {
    rows: rows.length,
    seconds,
    rowsPerSecond: rows.length / seconds,
    method: 'unnest per 10,000 rows',
  };
}
