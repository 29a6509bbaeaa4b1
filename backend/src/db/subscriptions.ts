import type { SubscriptionPlan } from '@spendscope/contracts';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { planFromRow } from './planRows.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/*
 * Every "which plan is a user on" question is answered here, by one rule: a user's subscription in
 * force is their active one. A change of plan cancels the active subscription before starting the
 * next, so there is one; should a user ever hold several, every read of a user's plan takes the
 * latest started (then the highest id).
 */

/** The rule: the subscription is active. */
function isActive(eb: ExpressionBuilder<Database, 'subscriptions'>) {
  return eb('subscriptions.status', '=', 'active');
}

/** Starts a monthly subscription on `planId` for each of `userIds`, from `now`. */
export async function startSubscriptions(
  db: Db,
  userIds: readonly string[],
  planId: string,
  now: number,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('subscriptions')
    .values(
      userIds.map((userId) => ({
        user_id: userId,
        plan_id: planId,
        billing_cycle: 'monthly' as const,
        started_at: now,
        status: 'active' as const,
      })),
    )
    .execute();
}

/** The id of the plan each of `userIds` is on (users without a subscription are absent). */
export async function activePlanIdsOf(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  const plans = new Map<string, string>();
  if (userIds.length === 0) return plans;
  const rows = await db
    .selectFrom('subscriptions')
    .select(['subscriptions.user_id', 'subscriptions.plan_id'])
    .where('subscriptions.user_id', 'in', [...userIds])
    .where(isActive)
    // Oldest first: the latest started is set last and wins.
    .orderBy('subscriptions.started_at', 'asc')
    .orderBy('subscriptions.id', 'asc')
    .execute();
  for (const row of rows) plans.set(row.user_id, row.plan_id);
  return plans;
}

/** The id of the plan a user is on; undefined for a user without a subscription. */
export async function activePlanIdOf(db: Db, userId: string): Promise<string | undefined> {
  return (await activePlanIdsOf(db, [userId])).get(userId);
}

/** The plan a user is on, read with its subscription in one query; undefined for a user without one. */
export async function activePlanOf(db: Db, userId: string): Promise<SubscriptionPlan | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .selectAll('plans')
    .where('subscriptions.user_id', '=', userId)
    .where(isActive)
    .orderBy('subscriptions.started_at', 'desc')
    .orderBy('subscriptions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? planFromRow(row) : undefined;
}

/** The users on `planId`, with their timezones. */
export async function subscribersOf(db: Db, planId: string): Promise<{ id: string; timezone: string }[]> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('users', 'users.id', 'subscriptions.user_id')
    .select(['users.id', 'users.timezone'])
    .distinct()
    .where('subscriptions.plan_id', '=', planId)
    .where(isActive)
    .execute();
}

/**
 * Puts a user on `planId` from `now`: their subscription in force is cancelled and one on `planId`
 * started. A user already on `planId` keeps their subscription.
 */
export async function moveToPlan(db: Db, userId: string, planId: string, now: number): Promise<void> {
  if ((await activePlanIdOf(db, userId)) === planId) return;
  await db
    .updateTable('subscriptions')
    .set({ status: 'cancelled' })
    .where('user_id', '=', userId)
    .where(isActive)
    .execute();
  await startSubscriptions(db, [userId], planId, now);
}
