import type { Provider } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { latestPriceId, loadPrices } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { type PriceRow, priceInEffect } from './cost.ts';

/**
 * The price table in memory, reloaded when any process has added a version (one indexed `max(id)`
 * per use instead of loading every row per report).
 */
export class PriceBook {
  private rows: PriceRow[] = [];
  private loadedMaxId = -1;
  private index = new Map<string, PriceRow[]>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Makes sure the in-memory table matches the database. */
  async refresh(db: Kysely<Database> = this.db): Promise<void> {
    const maxId = await latestPriceId(db);
    if (maxId === this.loadedMaxId) return;
    this.rows = await loadPrices(db);
    this.loadedMaxId = maxId;
    this.index = new Map();
    for (const row of this.rows) {
      const key = `${row.provider}|${row.model}`;
      const list = this.index.get(key) ?? [];
      list.push(row);
      this.index.set(key, list);
    }
  }

  /** The version of a model's price in effect at `at`, if the model has a price. */
  find(provider: Provider, model: string, at: number): PriceRow | undefined {
    const versions = this.index.get(`${provider}|${model}`);
    return versions ? priceInEffect(versions, provider, model, at) : undefined;
  }
}
