import { type Kysely, sql } from 'kysely';
import type { Database, UserRow } from './schema.ts';
import { moveToPlan, startSubscriptions } from './subscriptions.ts';

type Db = Kysely<Database>;

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
  await startSubscriptions(
    db,
    inserted.map((r) => r.id),
    planId,
    now,
  );
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
  await moveToPlan(db, user.id, planId, now);
}
