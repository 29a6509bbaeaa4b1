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

/** Creates or replaces a plan definition. */
export async function upsertPlan(db: Db, plan: SubscriptionPlan, sortOrder: number): Promise<void> {
  const values = {
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
  const { id: _id, ...update } = values;
  await db
    .insertInto('plans')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}
