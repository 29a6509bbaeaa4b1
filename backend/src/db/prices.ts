import type { Provider } from '@spendscope/contracts';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, PricesTable } from './schema.ts';

type Db = Kysely<Database>;

/** The per-token rates of a price (or of one of its long-context tiers), in pico-dollars. */
export type TokenRates = Pick<
  PricesTable,
  'input_pico' | 'output_pico' | 'cached_pico' | 'cache_write_pico' | 'cache_write_1h_pico'
>;

/** Long-context rates, applying to the whole request when its whole input is above the threshold. */
export type PriceTier = TokenRates & { above_input_tokens: number };

/**
 * One price version as pricing uses it, in pico-dollars per unit: the stored row with its provider
 * checked and its tiers parsed (ascending by threshold; empty when one rate holds whatever the input).
 */
export type PriceRow = Omit<Selectable<PricesTable>, 'provider' | 'tiers' | 'description' | 'created_at'> & {
  provider: Provider;
  tiers: PriceTier[];
};

export type NewPrice = Omit<PriceRow, 'id' | 'effective_to'> & { description?: string | undefined };

export type StoredPrice = PriceRow & { description: string | null };

const nullableNumber = (value: number | string | null) => (value === null ? null : Number(value));

/** A stored price as the pricing code uses it. */
function toPriceRow(row: Selectable<PricesTable>): StoredPrice {
  return {
    id: Number(row.id),
    provider: row.provider as Provider,
    model: row.model,
    input_pico: Number(row.input_pico),
    output_pico: Number(row.output_pico),
    cached_pico: nullableNumber(row.cached_pico),
    cache_write_pico: nullableNumber(row.cache_write_pico),
    cache_write_1h_pico: nullableNumber(row.cache_write_1h_pico),
    request_pico: Number(row.request_pico),
    search_pico: Number(row.search_pico),
    image_pico: Number(row.image_pico),
    page_pico: Number(row.page_pico),
    tiers: row.tiers ? (JSON.parse(row.tiers) as PriceTier[]) : [],
    source: row.source,
    match_rule: row.match_rule,
    match_rank: nullableNumber(row.match_rank),
    description: row.description,
    effective_from: Number(row.effective_from),
    effective_to: nullableNumber(row.effective_to),
  };
}

export async function loadPrices(db: Db): Promise<StoredPrice[]> {
  const rows = await db.selectFrom('prices').selectAll().orderBy('id').execute();
  return rows.map(toPriceRow);
}

function valuesOf(price: NewPrice, now: number): Omit<PricesTable, 'id'> {
  return {
    provider: price.provider,
    model: price.model,
    input_pico: price.input_pico,
    output_pico: price.output_pico,
    cached_pico: price.cached_pico,
    cache_write_pico: price.cache_write_pico,
    cache_write_1h_pico: price.cache_write_1h_pico,
    request_pico: price.request_pico,
    search_pico: price.search_pico,
    image_pico: price.image_pico,
    page_pico: price.page_pico,
    tiers: price.tiers.length > 0 ? JSON.stringify(price.tiers) : null,
    match_rule: price.match_rule,
    match_rank: price.match_rank,
    source: price.source,
    description: price.description ?? null,
    effective_from: price.effective_from,
    effective_to: null,
    created_at: now,
  };
}

/** Adds a price version. Versions are never edited: the newest one in effect at a call's time wins. */
export async function insertPrice(db: Db, price: NewPrice, now: number): Promise<number> {
  const row = await db
    .insertInto('prices')
    .values(valuesOf(price, now))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Adds many price versions in statements of a hundred rows (a catalog import); a version already
 * stored for the same model and start (another process importing at the same time) is left as it is.
 */
export async function insertPrices(db: Db, prices: readonly NewPrice[], now: number): Promise<void> {
  for (let i = 0; i < prices.length; i += 100) {
    const chunk = prices.slice(i, i + 100).map((p) => valuesOf(p, now));
    if (chunk.length === 0) continue;
    await db
      .insertInto('prices')
      .values(chunk)
      .onConflict((oc) => oc.columns(['provider', 'model', 'effective_from']).doNothing())
      .execute();
  }
}

/** Whether a version of this provider's model starting exactly at `effectiveFrom` is stored. */
export async function hasPriceVersion(
  db: Db,
  version: { provider: string; model: string; effective_from: number },
): Promise<boolean> {
  const existing = await db
    .selectFrom('prices')
    .select('id')
    .where('provider', '=', version.provider)
    .where('model', '=', version.model)
    .where('effective_from', '=', version.effective_from)
    .executeTakeFirst();
  return existing !== undefined;
}

/** Adds a price version unless one with the same model and start already exists (idempotent seeding). */
export async function insertPriceIfMissing(db: Db, price: NewPrice, now: number): Promise<void> {
  if (!(await hasPriceVersion(db, price))) await insertPrice(db, price, now);
}

/** Whether any price row came from `source` (a catalog import already stored). */
export async function hasPricesFrom(db: Db, sourcePrefix: string): Promise<boolean> {
  const row = await db
    .selectFrom('prices')
    .select('id')
    .where('source', 'like', `${sourcePrefix}%`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The highest price id: it changes whenever any process adds a price. */
export async function latestPriceId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('prices')
    .select(sql<number>`coalesce(max(id), 0)`.as('max_id'))
    .executeTakeFirstOrThrow();
  return Number(row.max_id);
}
