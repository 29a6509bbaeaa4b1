import type { Kysely } from 'kysely';
import { insertPlanIfMissing } from '../db/plans.ts';
import { insertPriceIfMissing } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { catalogPriceRows } from '../domain/catalogPrices.ts';
import { importCatalogIfAbsent } from '../domain/priceImport.ts';
import { CATALOG_NAME, installedCatalog } from './genaiPrices.ts';
import { DEFAULT_PLANS } from './plans.ts';
import { defaultPrices } from './prices.ts';

/**
 * Seeds the plans, Spendscope's own price table and, on a database holding no catalog prices yet, the
 * installed catalog's; running it again changes nothing.
 */
export async function seedCatalog(db: Kysely<Database>, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Plans are created once: after that they are the operator's (PATCH /api/admin/plans/:planId).
    for (const [order, plan] of DEFAULT_PLANS.entries()) await insertPlanIfMissing(trx, plan, order);
    for (const price of defaultPrices()) await insertPriceIfMissing(trx, price, now);
    await importCatalogIfAbsent(
      trx,
      async () => {
        const catalog = await installedCatalog();
        return { ...catalogPriceRows(catalog.providers, catalog.source), source: catalog.source };
      },
      CATALOG_NAME,
      now,
    );
  });
}
