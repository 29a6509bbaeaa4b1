import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { createUsers } from '../db/users.ts';
import { seedCatalog } from '../defaults/seedCatalog.ts';
import { AlertWatch } from './alertWatch.ts';

describe('AlertWatch', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('evaluates every noted user on flush without resting between them', async () => {
    handle = openDatabase(':memory:');
    await migrateToLatest(handle.db, handle.dialect);
    await seedCatalog(handle.db);
    const users = ['u-1', 'u-2', 'u-3', 'u-4'];
    await createUsers(handle.db, users, 'free', Date.now());
    // Every evaluation seems to take 100 s: outside a flush each would rest the longest rest (2 s),
    // so waiting for the rests would take the four evaluations past the test's time limit.
    let clock = 0;
    const watch = new AlertWatch({
      db: handle.db,
      clock: () => new Date(),
      intervalMs: 60_000,
      onCreated: () => {},
      onError: (error) => {
        throw error;
      },
      elapsed: () => {
        clock += 100_000;
        return clock;
      },
    });
    watch.note(users);
    await watch.flush();
    // Two readings per evaluation (its start and end): every user was evaluated.
    expect(clock).toBe(users.length * 2 * 100_000);
    await watch.close();
  });
});
