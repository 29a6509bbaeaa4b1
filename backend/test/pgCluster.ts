import { startPgCluster as startCluster } from '../../scripts/pg-cluster.mjs';
import { createPgDatabase, type TestDatabase, testDialect } from './testDatabase.ts';

/** A PostgreSQL server for a test file: the run's shared cluster, or a throwaway one of its own. */
export type PgCluster = {
  /** Creates an empty database and returns its connection string. */
  createDatabase(): Promise<string>;
  stop(): void;
};

/**
 * In the `server-pg` project, databases come from the run's cluster (started by pgGlobalSetup.ts) and
 * are dropped by stop(); elsewhere a cluster of the file's own is started and stop() removes it.
 */
export async function startPgCluster(): Promise<PgCluster> {
  if (testDialect() === 'postgres') {
    const databases: TestDatabase[] = [];
    return {
      async createDatabase() {
        const database = await createPgDatabase();
        databases.push(database);
        return database.url;
      },
      stop() {
        for (const database of databases) void database.drop().catch(() => undefined);
      },
    };
  }
  const cluster = await startCluster();
  let count = 0;
  return {
    createDatabase: () => cluster.createDatabase(`test_${++count}`),
    stop: () => cluster.stop(),
  };
}
