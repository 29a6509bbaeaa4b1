import type { Kysely } from 'kysely';
import { upsertPlan } from '../db/plans.ts';
import { insertPriceIfMissing } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { DEFAULT_PLANS } from './plans.ts';
import { defaultPrices } from './prices.ts';

/** Seeds the plans and the default price table; running it again changes nothing. */
export async function seedCatalog(db: Kysely<Database>, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [order, plan] of DEFAULT_PLANS.entries()) await upsertPlan(trx, plan, order);
    for (const price of defaultPrices()) await insertPriceIfMissing(trx, price, now);
  });
}
