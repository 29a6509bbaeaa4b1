import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageChange } from '../src/changes.ts';
import { FEED_APPLICATION_NAME, PgChangeFeed } from '../src/pgChangeFeed.ts';
import { createPgDatabase, type TestDatabase } from './testDatabase.ts';

let database: TestDatabase;
const feeds: PgChangeFeed[] = [];

beforeAll(async () => {
  database = await createPgDatabase();
});
afterAll(async () => {
  await Promise.all(feeds.map((f) => f.close()));
  await database?.drop();
});

async function openFeed(): Promise<{ feed: PgChangeFeed; received: UsageChange[] }> {
  const feed = await PgChangeFeed.open(database.url);
  feeds.push(feed);
  const received: UsageChange[] = [];
  feed.subscribe((change) => received.push(change));
  return { feed, received };
}

const change = (userId: string): UsageChange => ({ touched: [{ userId, period: '2026-11' }], newAlerts: [] });
const users = (received: UsageChange[]) => received.flatMap((c) => c.touched.map((t) => t.userId));

describe('the change feed across processes on PostgreSQL', () => {
  it('delivers each change once in every process, the publishing one at once', async () => {
    const a = await openFeed();
    const b = await openFeed();
    const c = await openFeed();

    a.feed.publish(change('from-a'));
    expect(users(a.received)).toEqual(['from-a']);
    b.feed.publish(change('from-b'));

    for (const feed of [a, b, c]) {
      await expect.poll(() => users(feed.received).sort()).toEqual(['from-a', 'from-b']);
    }
    // Nothing comes twice, however long one waits for the notifications to settle.
    a.feed.publish(change('marker'));
    for (const feed of [a, b, c]) await expect.poll(() => users(feed.received)).toContain('marker');
    for (const feed of [a, b, c]) expect(users(feed.received).sort()).toEqual(['from-a', 'from-b', 'marker']);
  });

  it('delivers a change of thousands of periods whole, across several notifications', async () => {
    const a = await openFeed();
    const b = await openFeed();
    const big: UsageChange = {
      touched: Array.from({ length: 5000 }, (_, i) => ({ userId: `bulk-${i}`, period: '2026-11' })),
      newAlerts: [],
    };
    a.feed.publish(big);
    await expect.poll(() => users(b.received).length).toBe(5000);
    expect(b.received.flatMap((c) => c.touched)).toEqual(big.touched);
  });

  it('sends what was published while its connection was cut, once it is back', async () => {
    const a = await openFeed();
    const pidsOfA = await feedPids();
    const b = await openFeed();
    await terminate(pidsOfA);
    a.feed.publish(change('while-a-was-cut'));
    await expect.poll(() => users(b.received), { timeout: 10_000 }).toContain('while-a-was-cut');
    expect(users(a.received)).toEqual(['while-a-was-cut']);
  });

  it('listens again after its connection is cut', async () => {
    const a = await openFeed();
    const pidsOfA = await feedPids();
    const b = await openFeed();
    const pidOfB = (await feedPids()).filter((pid) => !pidsOfA.includes(pid));
    await terminate(pidOfB);
    // Back when a new listening connection stands in for the cut one.
    await expect
      .poll(
        async () =>
          (await feedPids()).filter((pid) => !pidsOfA.includes(pid) && !pidOfB.includes(pid)).length,
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(0);
    a.feed.publish(change('after-b-is-back'));
    await expect.poll(() => users(b.received), { timeout: 10_000 }).toContain('after-b-is-back');
  });

  it('tells its listeners that anything may have changed once it listens again after a cut', async () => {
    const a = await openFeed();
    const pidsOfA = await feedPids();
    const b = await openFeed();
    const pidOfB = (await feedPids()).filter((pid) => !pidsOfA.includes(pid));
    await terminate(pidOfB);
    // Published while b cannot hear it: b never gets this notification...
    a.feed.publish(change('missed-by-b'));
    // ...but once it listens again it says that everything is to be read afresh, once.
    await expect.poll(() => b.received.filter((c) => c.everything).length, { timeout: 10_000 }).toBe(1);
    expect(a.received.some((c) => c.everything)).toBe(false);
  });
});

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Backends of change feeds that are listening in this database now. */
function feedPids(): Promise<number[]> {
  return onAdmin(async (client) => {
    const result = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and application_name = $1',
      [FEED_APPLICATION_NAME],
    );
    return result.rows.map((r) => r.pid);
  });
}

async function terminate(pids: readonly number[]): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  await onAdmin((client) =>
    client.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]),
  );
}
