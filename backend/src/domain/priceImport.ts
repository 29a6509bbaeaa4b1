import type { Kysely } from 'kysely';
import { hasPricesFrom, insertPrices, loadPrices, type NewPrice, type StoredPrice } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import type { SkippedPrice } from './catalogPrices.ts';

/** One line of a catalog diff: a model or dated version the table lacks, or a rate that changed. */
export type PriceChange = {
  kind: 'new_model' | 'new_version' | 'changed';
  provider: string;
  model: string;
  /** The stored version it replaces (changed only). */
  before?: StoredPrice;
  /** The row the import would add. */
  after: NewPrice;
};

export type CatalogDiff = { changes: PriceChange[]; unchanged: number; skipped: SkippedPrice[] };

/** What a row bills, for telling a changed price from the same one (the catalog order is not a price). */
function billing(row: NewPrice | StoredPrice): string {
  return JSON.stringify([
    row.input_pico,
    row.output_pico,
    row.cached_pico,
    row.cache_write_pico,
    row.cache_write_1h_pico,
    row.request_pico,
    row.search_pico,
    row.image_pico,
    row.page_pico,
    row.tiers,
    row.match_rule,
  ]);
}

/**
 * What importing `catalogRows` would add to the stored table. A model or dated version the table
 * lacks keeps the catalog's start. A version whose rates (or match rule) differ from the stored one
 * now answering for it becomes a new version from `effectiveFrom` (never before the catalog version's
 * own start). Stored rows are never edited.
 */
export function diffCatalog(options: {
  stored: readonly StoredPrice[];
  catalogRows: readonly NewPrice[];
  skipped?: readonly SkippedPrice[];
  isCatalogRow: (row: StoredPrice) => boolean;
  effectiveFrom: number;
}): CatalogDiff {
  const storedByModel = groupByModel(options.stored.filter(options.isCatalogRow));
  const changes: PriceChange[] = [];
  const skipped = [...(options.skipped ?? [])];
  let unchanged = 0;
  for (const [key, catalogVersions] of groupByModel(options.catalogRows)) {
    const stored = storedByModel.get(key) ?? [];
    catalogVersions.forEach((after, i) => {
      const base = { provider: after.provider, model: after.model };
      if (stored.length === 0) {
        changes.push({ ...base, kind: 'new_model', after });
        return;
      }
      const until = catalogVersions[i + 1]?.effective_from ?? Number.POSITIVE_INFINITY;
      const current = stored
        .filter((v) => v.effective_from >= after.effective_from && v.effective_from < until)
        .sort((a, b) => b.effective_from - a.effective_from)[0];
      if (!current) {
        changes.push({ ...base, kind: 'new_version', after });
        return;
      }
      if (billing(current) === billing(after)) {
        unchanged++;
        return;
      }
      const from = Math.max(options.effectiveFrom, after.effective_from);
      if (from >= until || stored.some((v) => v.effective_from === from)) {
        skipped.push({ ...base, reason: `a stored version already starts ${new Date(from).toISOString()}` });
        return;
      }
      changes.push({ ...base, kind: 'changed', before: current, after: { ...after, effective_from: from } });
    });
  }
  return { changes, unchanged, skipped };
}

/** Rows per provider × model, each list by start. */
function groupByModel<T extends Pick<NewPrice, 'provider' | 'model' | 'effective_from'>>(
  rows: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.provider}|${row.model}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.effective_from - b.effective_from);
  return groups;
}

/** Whether a stored row came from a catalog (not the operator, not Spendscope's own table). */
export function isCatalogRow(row: Pick<StoredPrice, 'source'>): boolean {
  return row.source !== 'operator' && row.source !== 'spendscope';
}

/** The diff of the stored table against a catalog's rows. */
export async function diffStoredPrices(
  db: Kysely<Database>,
  catalog: { rows: readonly NewPrice[]; skipped: readonly SkippedPrice[] },
  effectiveFrom: number,
): Promise<CatalogDiff> {
  return diffCatalog({
    stored: await loadPrices(db),
    catalogRows: catalog.rows,
    skipped: catalog.skipped,
    isCatalogRow,
    effectiveFrom,
  });
}

/** Adds a diff's rows as new price versions, in one transaction. */
export async function applyCatalogDiff(
  db: Kysely<Database>,
  diff: CatalogDiff,
  now: number,
): Promise<number> {
  const rows = diff.changes.map((c) => c.after);
  await db.transaction().execute((trx) => insertPrices(trx, rows, now));
  return rows.length;
}

/**
 * On start-up: imports the catalog into a table that holds none of its rows yet (a fresh database);
 * a table that has any does nothing (an operator takes new catalog versions with `prices import`).
 */
export async function importCatalogIfAbsent(
  db: Kysely<Database>,
  load: () => Promise<{ rows: NewPrice[]; source: string }>,
  catalogName: string,
  now: number,
): Promise<number> {
  if (await hasPricesFrom(db, `${catalogName}@`)) return 0;
  const { rows } = await load();
  await insertPrices(db, rows, now);
  return rows.length;
}
