import type { PlanRef } from '@spendscope/contracts';
import { type Kysely, sql } from 'kysely';
import type { Database, UserRow } from './schema.ts';

type Db = Kysely<Database>;

export type UserWithPlan = UserRow & { plan_id: string };

/** The users among `ids` that exist, with their timezone. */
export async function findUsers(db: Db, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const found = new Map<string, UserRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates users seen for the first time, on `planId`, in UTC. Existing users are left alone. */
export async function createUsers(
  db: Db,
  ids: readonly string[],
  planId: string,
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = ids.map((id) => ({
    id,
    display_name: id,
    timezone: 'UTC',
    role: 'user' as const,
    created_at: now,
  }));
  const inserted = await db
    .insertInto('users')
    .values(rows)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  if (inserted.length === 0) return;
  await db
    .insertInto('subscriptions')
    .values(
      inserted.map((r) => ({
        user_id: r.id,
        plan_id: planId,
        billing_cycle: 'monthly' as const,
        started_at: now,
        status: 'active' as const,
      })),
    )
    .execute();
}

/** The plan a user is subscribed to now. */
export async function planIdOf(db: Db, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .select('plan_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.plan_id;
}

/** Plan ids of several users at once. */
export async function planIdsOf(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  const plans = new Map<string, string>();
  if (userIds.length === 0) return plans;
  const rows = await db
    .selectFrom('subscriptions')
    .select(['user_id', 'plan_id'])
    .where('user_id', 'in', [...userIds])
    .where('status', '=', 'active')
    .orderBy('started_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  for (const row of rows) plans.set(row.user_id, row.plan_id);
  return plans;
}

/** Ends the user's current subscription and starts one on `planId`. */
export async function changePlan(db: Db, userId: string, planId: string, now: number): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ status: 'cancelled' })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
  await db
    .insertInto('subscriptions')
    .values({ user_id: userId, plan_id: planId, billing_cycle: 'monthly', started_at: now, status: 'active' })
    .execute();
}

export async function updateUserFields(
  db: Db,
  userId: string,
  fields: {
    timezone?: string | undefined;
    display_name?: string | undefined;
    email?: string | null | undefined;
  },
): Promise<void> {
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (escape `\`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Up to `limit` users in id order after `afterId`; with `search`, only those whose id or display name
 * contains it, ignoring case (`lower()` on both sides: the same on SQLite and PostgreSQL for ASCII).
 */
export async function usersPage(
  db: Db,
  options: { afterId?: string | undefined; limit: number; search?: string | undefined },
): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll().orderBy('id').limit(options.limit);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.search) {
    const pattern = `%${likeLiteral(options.search.toLowerCase())}%`;
    query = query.where(
      (eb) =>
        sql<boolean>`(lower(${eb.ref('id')}) like ${pattern} escape '\\' or lower(${eb.ref('display_name')}) like ${pattern} escape '\\')`,
    );
  }
  return query.execute();
}

/** Creates or updates a user with a fixed profile (used by the demo seed and the token CLI). */
export async function upsertUser(
  db: Db,
  user: { id: string; display_name: string; timezone: string; role: 'user' | 'admin' },
  planId: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...user, created_at: now })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ display_name: user.display_name, timezone: user.timezone, role: user.role }),
    )
    .execute();
  const current = await planIdOf(db, user.id);
  if (current !== planId) await changePlan(db, user.id, planId, now);
}

export type { PlanRef };
