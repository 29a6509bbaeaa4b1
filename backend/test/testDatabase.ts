import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  // Declaration merging needs an interface here.
  export interface ProvidedContext {
    /** `postgres://…@127.0.0.1:PORT` of the run's throwaway cluster; set only in the PostgreSQL project. */
    pgBaseUrl: string;
  }
}

/** Which database the integration suite runs against in this project. */
export function testDialect(): 'sqlite' | 'postgres' {
  return inject('pgBaseUrl') ? 'postgres' : 'sqlite';
}

async function onAdminDatabase(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { url: string; drop(): Promise<void> };

/**
 * A fresh, empty PostgreSQL database in the run's cluster (project `server-pg` only), dropped with
 * `drop()`. Names are random, so test files running in parallel never share one.
 */
export async function createPgDatabase(): Promise<TestDatabase> {
  const baseUrl = inject('pgBaseUrl');
  if (!baseUrl) throw new Error('no PostgreSQL cluster in this run: use the server-pg project');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await onAdminDatabase(baseUrl, `create database ${name}`);
  return {
    url: `${baseUrl}/${name}`,
    drop: () => onAdminDatabase(baseUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Where a test that runs server processes of its own keeps its data: `sqlitePath` on SQLite, a fresh
 * database of the run's cluster on PostgreSQL (the server and CLIs accept either as DATABASE_PATH).
 */
export async function freshDatabaseTarget(sqlitePath: string): Promise<string> {
  return testDialect() === 'postgres' ? (await createPgDatabase()).url : sqlitePath;
}
