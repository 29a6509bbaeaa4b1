import type { PlanLimits, SubscriptionPlan } from '@spendscope/contracts';
import type { Selectable } from 'kysely';
import type { PlansTable } from './schema.ts';

/** A stored plan as the API shows it: prices in dollars, features and limits parsed. */
export function planFromRow(row: Selectable<PlansTable>): SubscriptionPlan {
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
