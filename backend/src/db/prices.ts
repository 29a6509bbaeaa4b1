import type { Provider } from '@spendscope/contracts';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { PriceRow } from '../domain/cost.ts';
import type { Database, PricesTable } from './schema.ts';

type Db = Kysely<Database>;

export type NewPrice = Omit<PriceRow, 'id' | 'effective_to'> & { description?: string | undefined };

/** A stored price as the pricing code uses it. */
function toPriceRow(row: Selectable<PricesTable>): PriceRow {
  return {
    id: Number(row.id),
    provider: row.provider as Provider,
    model: row.model,
    input_pico: Number(row.input_pico),
    output_pico: Number(row.output_pico),
    cached_pico: row.cached_pico === null ? null : Number(row.cached_pico),
    request_pico: Number(row.request_pico),
    search_pico: Number(row.search_pico),
    image_pico: Number(row.image_pico),
    page_pico: Number(row.page_pico),
    effective_from: Number(row.effective_from),
    effective_to: row.effective_to === null ? null : Number(row.effective_to),
  };
}

export async function loadPrices(db: Db): Promise<Array<PriceRow & { description: string | null }>> {
  const rows = await db.selectFrom('prices').selectAll().orderBy('id').execute();
  return rows.map((row) => ({ ...toPriceRow(row), description: row.description }));
}

/** Adds a price version. Versions are never edited: the newest one in effect at a call's time wins. */
export async function insertPrice(db: Db, price: NewPrice, now: number): Promise<number> {
  const values: Omit<PricesTable, 'id'> = {
    provider: price.provider,
    model: price.model,
    input_pico: price.input_pico,
    output_pico: price.output_pico,
    cached_pico: price.cached_pico,
    request_pico: price.request_pico,
    search_pico: price.search_pico,
    image_pico: price.image_pico,
    page_pico: price.page_pico,
    description: price.description ?? null,
    effective_from: price.effective_from,
    effective_to: null,
    created_at: now,
  };
  const row = await db.insertInto('prices').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Adds a price version unless one with the same model and start already exists (idempotent seeding). */
export async function insertPriceIfMissing(db: Db, price: NewPrice, now: number): Promise<void> {
  const existing = await db
    .selectFrom('prices')
    .select('id')
    .where('provider', '=', price.provider)
    .where('model', '=', price.model)
    .where('effective_from', '=', price.effective_from)
    .executeTakeFirst();
  if (!existing) await insertPrice(db, price, now);
}

/** The highest price id: it changes whenever any process adds a price. */
export async function latestPriceId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('prices')
    .select(sql<number>`coalesce(max(id), 0)`.as('max_id'))
    .executeTakeFirstOrThrow();
  return Number(row.max_id);
}
