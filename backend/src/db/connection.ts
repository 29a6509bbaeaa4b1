import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { withStatementCache } from './statementCache.ts';

export type DialectName = 'sqlite' | 'postgres';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: DialectName;
  /** For PostgreSQL only: the connection string (LISTEN/NOTIFY needs its own client). */
  url?: string;
  /** For SQLite only: the connection Kysely runs on (the ingest path uses prepared statements on it). */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
};

// PostgreSQL returns bigint and numeric as strings; every such value here is a count, a timestamp or
// nano-dollars, all well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Opens the database a URL names: `postgres://…` for PostgreSQL, otherwise a SQLite file path. */
export function openDatabase(target: string): DatabaseHandle {
  if (/^postgres(ql)?:\/\//.test(target)) {
    const pool = new pg.Pool({ connectionString: target, max: 10 });
    // PostgreSQL may drop an idle connection (restart, failover, an admin ending sessions); the pool reports
    // it here, and without a listener Node would crash the process. The pool reconnects on next use.
    pool.on('error', (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    // A connection in use between two queries (a transaction doing its own work, a worker's claim) has
    // no pool listener: its error fails the next query instead of the process; the pool then drops it.
    pool.on('connect', (client) => {
      client.on('error', (error) => console.warn(`PostgreSQL closed a connection in use: ${error.message}`));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', url: target, close: () => db.destroy() };
  }
  const sqlite = openSqliteFile(target);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

/**
 * SQLite transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). The ingest worker
 * writes on a connection of its own beside the server's; a deferred transaction that read first and
 * then tried to write after the other connection committed would fail at once with SQLITE_BUSY (its
 * snapshot is stale), where an immediate one waits for the lock (busy_timeout) and then reads fresh.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * Opens a SQLite file with the settings the server runs on. WAL with synchronous=NORMAL: a commit is
 * one append to the log, fsynced at checkpoints. A 16 MiB page cache (within the memory budget) keeps
 * the hot index pages, and the log is checkpointed every 10,000 pages instead of 1,000: random event
 * ids dirty about one index page per event, and checkpointing less often writes each page back once for
 * many commits instead of after almost every one.
 */
export function openSqliteFile(target: string): SQLite.Database {
  if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
  const sqlite = new SQLite(target);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -16384');
  sqlite.pragma('wal_autocheckpoint = 10000');
  // After a checkpoint the log file is cut back, so it does not keep its largest size on disk.
  sqlite.pragma('journal_size_limit = 67108864');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}
