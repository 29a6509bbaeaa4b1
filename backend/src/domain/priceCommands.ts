import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { installedCatalog } from '../defaults/genaiPrices.ts';
import { catalogPriceRows } from './catalogPrices.ts';
import { applyCatalogDiff, type CatalogDiff, diffStoredPrices } from './priceImport.ts';

/** What `prices diff` shows and `prices import` applies: the installed catalog against the table. */
export async function installedCatalogDiff(
  db: Kysely<Database>,
  effectiveFrom: number,
): Promise<CatalogDiff & { source: string }> {
  const catalog = await installedCatalog();
  const converted = catalogPriceRows(catalog.providers, catalog.source);
  return { ...(await diffStoredPrices(db, converted, effectiveFrom)), source: catalog.source };
}

/** Applies the installed catalog's diff as new price versions; returns what it added. */
export async function importInstalledCatalog(
  db: Kysely<Database>,
  options: { effectiveFrom: number; now: number },
): Promise<CatalogDiff & { source: string; added: number }> {
  const diff = await installedCatalogDiff(db, options.effectiveFrom);
  const added = await applyCatalogDiff(db, diff, options.now);
  return { ...diff, added };
}

/** A diff as lines an operator reads, one per change. */
export function describeDiff(diff: CatalogDiff): string[] {
  const pico = (n: number | null) =>
    n === null ? '-' : `$${(n * 1e-6).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}/MTok`;
  return diff.changes.map((c) => {
    const from = new Date(c.after.effective_from).toISOString().slice(0, 10);
    const rates = `in ${pico(c.after.input_pico)} out ${pico(c.after.output_pico)}`;
    if (c.kind === 'changed' && c.before) {
      const was = `in ${pico(c.before.input_pico)} out ${pico(c.before.output_pico)}`;
      return `CHANGED ${c.provider}/${c.model} from ${from}: ${was} -> ${rates}`;
    }
    const label = c.kind === 'new_model' ? 'NEW' : 'NEW VERSION';
    return `${label} ${c.provider}/${c.model} from ${from}: ${rates}`;
  });
}
