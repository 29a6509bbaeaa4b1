import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activePlanIdOf,
  activePlanIdsOf,
  activePlanOf,
  moveToPlan,
  subscribersOf,
} from '../src/db/subscriptions.ts';
import { upsertUser } from '../src/db/users.ts';
import { startTestServer, type TestServer } from './harness.ts';

// The queries of "which plan is a user on", against the project's dialect (SQLite or PostgreSQL).
let t: TestServer;
const db = () => t.server.ctx.db;

async function addUser(id: string, planId: string, now = 1_000): Promise<void> {
  await upsertUser(db(), { id, display_name: id, timezone: 'UTC', role: 'user' }, planId, now);
}

async function subscriptionRows(userId: string) {
  return db()
    .selectFrom('subscriptions')
    .select(['plan_id', 'status'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the plan a user is on', () => {
  it('is the same in every read: the one-user, many-user and joined reads agree', async () => {
    await addUser('sub-basic', 'basic');
    await addUser('sub-pro', 'pro');

    expect(await activePlanIdOf(db(), 'sub-basic')).toBe('basic');
    expect((await activePlanOf(db(), 'sub-pro'))?.id).toBe('pro');
    expect(await activePlanIdsOf(db(), ['sub-basic', 'sub-pro', 'sub-nobody'])).toEqual(
      new Map([
        ['sub-basic', 'basic'],
        ['sub-pro', 'pro'],
      ]),
    );
    expect(await activePlanIdOf(db(), 'sub-nobody')).toBeUndefined();
    expect(await activePlanOf(db(), 'sub-nobody')).toBeUndefined();
  });

  it('follows a move: the old subscription is cancelled and the user listed under the new plan only', async () => {
    await addUser('sub-mover', 'free');
    await moveToPlan(db(), 'sub-mover', 'pro', 2_000);

    expect(await subscriptionRows('sub-mover')).toEqual([
      { plan_id: 'free', status: 'cancelled' },
      { plan_id: 'pro', status: 'active' },
    ]);
    expect(await activePlanIdOf(db(), 'sub-mover')).toBe('pro');
    expect((await subscribersOf(db(), 'pro')).map((u) => u.id)).toContain('sub-mover');
    expect((await subscribersOf(db(), 'free')).map((u) => u.id)).not.toContain('sub-mover');
  });

  it('keeps the subscription of a user moved to the plan they are already on', async () => {
    await addUser('sub-stayer', 'basic');
    await moveToPlan(db(), 'sub-stayer', 'basic', 3_000);

    expect(await subscriptionRows('sub-stayer')).toEqual([{ plan_id: 'basic', status: 'active' }]);
  });

  it('takes the latest started of several active subscriptions, then the highest id, in every read', async () => {
    await addUser('sub-several', 'free', 1_000);
    const rows = [
      { plan_id: 'enterprise', started_at: 5_000 },
      { plan_id: 'pro', started_at: 9_000 },
      { plan_id: 'basic', started_at: 9_000 },
      { plan_id: 'enterprise', started_at: 7_000 },
    ];
    await db()
      .insertInto('subscriptions')
      .values(rows.map((r) => ({ ...r, user_id: 'sub-several', billing_cycle: 'monthly', status: 'active' })))
      .execute();

    // 'pro' and 'basic' started together; 'basic' was stored last.
    expect(await activePlanIdOf(db(), 'sub-several')).toBe('basic');
    expect((await activePlanOf(db(), 'sub-several'))?.id).toBe('basic');
    expect((await activePlanIdsOf(db(), ['sub-several'])).get('sub-several')).toBe('basic');
  });

  it('ignores cancelled subscriptions, however late they started', async () => {
    await addUser('sub-cancelled', 'pro', 1_000);
    await db()
      .insertInto('subscriptions')
      .values({
        user_id: 'sub-cancelled',
        plan_id: 'enterprise',
        billing_cycle: 'monthly',
        started_at: 50_000,
        status: 'cancelled',
      })
      .execute();

    expect(await activePlanIdOf(db(), 'sub-cancelled')).toBe('pro');
    expect((await activePlanOf(db(), 'sub-cancelled'))?.id).toBe('pro');
    expect((await subscribersOf(db(), 'enterprise')).map((u) => u.id)).not.toContain('sub-cancelled');
  });
});
