import type { SubscriptionPlan } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { listPlans } from '../db/plans.ts';
import type { Database } from '../db/schema.ts';

/** Every plan on offer, in the order the plan page shows them. */
export async function plansOnOffer(options: {
  db: Kysely<Database>;
}): Promise<{ plans: SubscriptionPlan[] }> {
  return { plans: await listPlans(options.db) };
}
