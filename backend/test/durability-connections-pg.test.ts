import { livenessSchema, usageBatchResponseSchema } from '@spendscope/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, prepareDatabase, startChildServer } from './childServer.ts';
import { createPgDatabase, type TestDatabase } from './testDatabase.ts';

let database: TestDatabase;
let key: string;
let server: ChildServer;
beforeAll(async () => {
  database = await createPgDatabase();
  key = await prepareDatabase(database.url);
  server = await startChildServer(database.url);
});
afterAll(async () => {
  server.process.kill('SIGTERM');
  await server.exited;
  await database.drop();
});

/** Ends every session of the server on its database, as a restart, failover or an admin would. */
async function terminateServerSessions(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const name = new URL(database.url).pathname.slice(1);
    const result = await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL ending the server’s connections', () => {
  it('does not bring the server down: the next requests reconnect and succeed', async () => {
    const report = (id: string) =>
      fetch(`${server.url}/api/usage/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ event_id: id, user_id: 'pg-drop', provider: 'serper' }] }),
      });
    expect(usageBatchResponseSchema.parse(await (await report('before')).json()).accepted).toBe(1);

    expect(await terminateServerSessions()).toBeGreaterThan(0);
    // The pool may hand out one more dead connection before it notices; what matters is that the process
    // lives on and the requests after it succeed.
    let status = 0;
    // A keep-alive socket the server dropped meanwhile fails the same way: it is one more attempt.
    for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
      status = await fetch(`${server.url}/api/health`).then(
        (res) => res.status,
        () => 0,
      );
    }
    if (status !== 200) console.log(server.output().slice(-3000));
    expect(status).toBe(200);
    expect(server.process.exitCode).toBeNull();
    const health = await fetch(`${server.url}/api/health`);
    expect(livenessSchema.parse(await health.json()).database).toBe('postgres');
    expect(usageBatchResponseSchema.parse(await (await report('after')).json()).accepted).toBe(1);
  });
});
