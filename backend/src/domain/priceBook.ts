import type { PriceMatch, Provider } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { remember } from '../boundedCache.ts';
import type { PriceRow } from '../db/prices.ts';
import { latestPriceId, loadPrices } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { priceInEffect } from './cost.ts';
import { lookupNames, type MatchRule, matchRule } from './modelMatch.ts';

/** A price found for a call, and how its model name matched it. */
export type ResolvedPrice = { price: PriceRow; match: PriceMatch };

/** Where a model name may find a price, in the order they win. */
type Candidate = { versions: PriceRow[]; match: PriceMatch };

/** Model names whose resolution is kept; past it the cache starts again (names are caller-chosen). */
export const MAX_RESOLVED_NAMES = 10_000;

const OPERATOR = 'operator';
const OWN_TABLE = 'spendscope';

type CatalogModel = { id: string; rule: MatchRule | null; rank: number; versions: PriceRow[] };

/**
 * The price table in memory, reloaded when any process has added a version (one indexed `max(id)`
 * per use instead of loading every row per report). A model name is resolved once, against the
 * operator's rows, the catalog's match rules and Spendscope's own rows; each call then only picks the
 * version in effect when it happened.
 */
export class PriceBook {
  private loadedMaxId = -1;
  private operator = new Map<string, PriceRow[]>();
  private own = new Map<string, PriceRow[]>();
  private catalog = new Map<Provider, CatalogModel[]>();
  private resolved = new Map<string, Candidate[]>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Makes sure the in-memory table matches the database. */
  async refresh(db: Kysely<Database> = this.db): Promise<void> {
    const maxId = await latestPriceId(db);
    if (maxId === this.loadedMaxId) return;
    this.load(await loadPrices(db));
    this.loadedMaxId = maxId;
  }

  /** Replaces the table with `rows` (every stored version). */
  load(rows: readonly PriceRow[]): void {
    this.operator = new Map();
    this.own = new Map();
    this.resolved = new Map();
    const catalogModels = new Map<string, CatalogModel & { provider: Provider; latestId: number }>();
    for (const row of rows) {
      const key = `${row.provider}|${row.model}`;
      if (row.source === OPERATOR || row.source === OWN_TABLE) {
        const index = row.source === OPERATOR ? this.operator : this.own;
        const list = index.get(key) ?? [];
        list.push(row);
        index.set(key, list);
        continue;
      }
      let model = catalogModels.get(key);
      if (!model) {
        model = { provider: row.provider, id: row.model, rule: null, rank: 0, versions: [], latestId: -1 };
        catalogModels.set(key, model);
      }
      model.versions.push(row);
      // The newest import's rule and place in the catalog name the model.
      if (row.id > model.latestId) {
        model.latestId = row.id;
        model.rule = row.match_rule ? (JSON.parse(row.match_rule) as MatchRule) : null;
        model.rank = row.match_rank ?? 0;
      }
    }
    this.catalog = new Map();
    for (const model of catalogModels.values()) {
      const list = this.catalog.get(model.provider) ?? [];
      list.push(model);
      this.catalog.set(model.provider, list);
    }
    for (const list of this.catalog.values()) list.sort((a, b) => a.rank - b.rank);
  }

  /** The price of a call to `model` at `at` (ms since epoch) and how the name matched, if any. */
  resolve(provider: Provider, model: string, at: number): ResolvedPrice | undefined {
    for (const candidate of this.candidates(provider, model)) {
      const price = priceInEffect(candidate.versions, provider, candidate.versions[0]!.model, at);
      if (price) return { price, match: candidate.match };
    }
    return undefined;
  }

  /** The version of a model's price in effect at `at`, if the model has a price. */
  find(provider: Provider, model: string, at: number): PriceRow | undefined {
    return this.resolve(provider, model, at)?.price;
  }

  private candidates(provider: Provider, model: string): Candidate[] {
    const key = `${provider}|${model}`;
    let found = this.resolved.get(key);
    if (!found) {
      found = remember(this.resolved, MAX_RESOLVED_NAMES, key, this.findCandidates(provider, model));
    }
    return found;
  }

  private findCandidates(provider: Provider, model: string): Candidate[] {
    const list: Candidate[] = [];
    const add = (versions: PriceRow[] | undefined, match: PriceMatch) => {
      if (versions && versions.length > 0) list.push({ versions, match });
    };
    add(this.operator.get(`${provider}|${model}`), 'override');
    const names = lookupNames(provider, model);
    const hit = this.matchCatalog(provider, names);
    if (hit) {
      if (hit.model.id !== model) add(this.operator.get(`${provider}|${hit.model.id}`), 'override');
      add(hit.model.versions, hit.match);
    }
    add(this.own.get(`${provider}|${model}`), 'exact');
    return list;
  }

  /** The catalog model whose id is one of `names`, else the first (in catalog order) whose rule names one. */
  private matchCatalog(
    provider: Provider,
    names: readonly string[],
  ): { model: CatalogModel; match: PriceMatch } | undefined {
    const models = this.catalog.get(provider) ?? [];
    for (const name of names) {
      const exact = models.find((m) => m.id === name);
      if (exact) return { model: exact, match: 'exact' };
      for (const model of models) {
        const kind = model.rule ? matchRule(model.rule, name) : undefined;
        if (kind) return { model, match: kind };
      }
    }
    return undefined;
  }
}
