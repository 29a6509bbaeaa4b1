import type { PlanLimits, SubscriptionPlan } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { planFromRow } from './planRows.ts';
import type { Database } from './schema.ts';

/** Which plan a user is on is a subscription query: `subscriptions.ts`. */

type Db = Kysely<Database>;

export async function listPlans(db: Db): Promise<SubscriptionPlan[]> {
  const rows = await db.selectFrom('plans').selectAll().orderBy('sort_order').execute();
  return rows.map(planFromRow);
}

export async function getPlan(db: Db, id: string): Promise<SubscriptionPlan | undefined> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? planFromRow(row) : undefined;
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
