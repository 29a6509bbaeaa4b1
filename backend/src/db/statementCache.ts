import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { remember } from '../boundedCache.ts';

/** Distinct SQL texts kept prepared per connection; past it the cache starts again (`in` lists vary). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * The connection as Kysely sees it, with each distinct SQL text prepared once: Kysely prepares every
 * query it runs, and on the hot paths (a reserve, a report) preparing cost as much as running. A
 * streamed query gets a statement of its own, since an open iterator keeps its statement busy.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached) return cached;
      const statement = sqlite.prepare(sql);
      const kept: SqliteStatement = {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => sqlite.prepare(sql).iterate(parameters),
      };
      return remember(statements, STATEMENT_CACHE_SIZE, sql, kept);
    },
  };
}
