import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Every user's current plan id (the newest active subscription wins). */
export async function activePlanIds(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['user_id', 'plan_id'])
    .where('status', '=', 'active')
    .orderBy('started_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const plans = new Map<string, string>();
  for (const row of rows) plans.set(row.user_id, row.plan_id);
  return plans;
}
