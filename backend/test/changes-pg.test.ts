import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageChange } from '../src/changes.ts';
import { PgChangeFeed } from '../src/pgChangeFeed.ts';
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

  it('listens again after its connection is cut, and sends what was published meanwhile', async () => {
    const a = await openFeed();
    const b = await openFeed();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Cut every other connection to the database: both feeds lose theirs.
      const cut = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    a.feed.publish(change('after-cut'));
    await expect.poll(() => users(b.received), { timeout: 10_000 }).toContain('after-cut');
    expect(users(a.received)).toEqual(['after-cut']);
  });
});
