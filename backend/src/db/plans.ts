import type { PlanLimits, SubscriptionPlan } from '@spendscope/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PlansTable } from './schema.ts';

type Db = Kysely<Database>;

function toPlan(row: Selectable<PlansTable>): SubscriptionPlan {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    price_monthly: Number(row.price_monthly_cents) / 100,
    price_yearly: Number(row.price_yearly_cents) / 100,
    description: row.description,
    features: JSON.parse(row.features) as string[],
    limits: JSON.parse(row.limits) as PlanLimits,
  };
}

export async function listPlans(db: Db): Promise<SubscriptionPlan[]> {
  const rows = await db.selectFrom('plans').selectAll().orderBy('sort_order').execute();
  return rows.map(toPlan);
}

export async function getPlan(db: Db, id: string): Promise<SubscriptionPlan | undefined> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

/**
 * The plan of a user's active subscription (the latest started), in one query; undefined for a user
 * without one.
 */
export async function activePlanOf(db: Db, userId: string): Promise<SubscriptionPlan | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .selectAll('plans')
    .where('subscriptions.user_id', '=', userId)
    .where('subscriptions.status', '=', 'active')
    .orderBy('subscriptions.started_at', 'desc')
    .orderBy('subscriptions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

function planValues(plan: SubscriptionPlan, sortOrder: number) {
  return {
    id: plan.id,
    name: plan.name,
    tier: plan.tier,
    price_monthly_cents: Math.round(plan.price_monthly * 100),
    price_yearly_cents: Math.round(plan.price_yearly * 100),
    description: plan.description,
    features: JSON.stringify(plan.features),
    limits: JSON.stringify(plan.limits),
    sort_order: sortOrder,
  };
}

/** Creates a plan unless one with its id exists: a plan the operator has edited keeps its terms. */
export async function insertPlanIfMissing(db: Db, plan: SubscriptionPlan, sortOrder: number): Promise<void> {
  await db
    .insertInto('plans')
    .values(planValues(plan, sortOrder))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Sets a plan's limits and prices (cents); false when there is no such plan. */
export async function updatePlanTerms(
  db: Db,
  id: string,
  terms: { limits: PlanLimits; price_monthly_cents: number; price_yearly_cents: number },
): Promise<boolean> {
  const result = await db
    .updateTable('plans')
    .set({ ...terms, limits: JSON.stringify(terms.limits) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The users whose active subscription is on `planId`, with their timezones. */
export async function subscribersOf(db: Db, planId: string): Promise<{ id: string; timezone: string }[]> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('users', 'users.id', 'subscriptions.user_id')
    .select(['users.id', 'users.timezone'])
    .distinct()
    .where('subscriptions.plan_id', '=', planId)
    .where('subscriptions.status', '=', 'active')
    .execute();
}
