import type { Role } from '@spendscope/contracts';
import { usageBatchResponseSchema } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createTokenService } from '../src/auth/tokens.ts';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/schema.ts';
import { CHILD_SECRET, type ChildServer, prepareDatabase, startChildServer } from './childServer.ts';
import { call } from './harness.ts';
import { createPgDatabase } from './testDatabase.ts';

/** Two real server processes (backend/src/main.ts) on one PostgreSQL database, as behind a load balancer. */
export type PgServerPair = {
  a: ChildServer;
  b: ChildServer;
  /** The database both processes serve, a fresh one of the run's cluster. */
  databaseUrl: string;
  /** An ingestion key both processes accept. */
  key: string;
  /** A signed token both processes accept. */
  token(userId: string, role?: Role): Promise<string>;
  /** Reports `events` to `server` with the pair's key and expects every one accepted. */
  report(server: ChildServer, events: readonly unknown[]): Promise<void>;
  /** Runs `read` on a connection of its own to the shared database, closed afterwards. */
  read<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Stops both processes (SIGTERM, then waits for each to exit) and drops the database. */
  stop(): Promise<void>;
};

async function stopServer(server: ChildServer): Promise<void> {
  server.process.kill('SIGTERM');
  await server.exited;
}

/**
 * Creates a fresh database in the run's cluster (project `server-pg`), its schema and an ingestion
 * key, then starts two server processes on it with `env` added to their environment.
 */
export async function startPgServerPair(env: Record<string, string> = {}): Promise<PgServerPair> {
  const database = await createPgDatabase();
  const key = await prepareDatabase(database.url);
  const serverEnv = { DATABASE_URL: database.url, ...env };
  const started = await Promise.allSettled([
    startChildServer(database.url, serverEnv),
    startChildServer(database.url, serverEnv),
  ]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const [a, b] = servers;
  if (!a || !b) {
    // One failed to start: the other must not outlive the test file.
    await Promise.all(servers.map(stopServer));
    await database.drop();
    const failure = started.find((s) => s.status === 'rejected');
    throw failure?.reason ?? new Error('the servers did not start');
  }
  const tokens = createTokenService(CHILD_SECRET);
  return {
    a,
    b,
    databaseUrl: database.url,
    key,
    token: (userId, role = 'user') => tokens.sign({ userId, role }),
    async report(server, events) {
      const res = await call(server.url, '/api/usage/events', { token: key, body: { events } });
      expect(res.status).toBe(200);
      expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(events.length);
    },
    async read(read) {
      const handle = openDatabase(database.url);
      try {
        return await read(handle.db);
      } finally {
        await handle.close();
      }
    },
    async stop() {
      await Promise.all([a, b].map(stopServer));
      await database.drop();
    },
  };
}
