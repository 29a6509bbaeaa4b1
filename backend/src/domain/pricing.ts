import type { APIPricing, CreatePricingRequest, Provider } from '@spendscope/contracts';
import { createPricingRequestSchema } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { StoredPrice, TokenRates } from '../db/prices.ts';
import { hasPriceVersion, insertPrice, loadPrices } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { dollarsToPico, picoToDollars } from './money.ts';
import { PriceBook } from './priceBook.ts';

/** A rate that may be absent (billed at another rate), in dollars, as an optional API field. */
const optionalRate = <K extends string>(key: K, pico: number | null) =>
  (pico === null ? {} : { [key]: picoToDollars(pico) }) as Partial<Record<K, number>>;

function tokenRates(rates: TokenRates) {
  return {
    cost_per_input_token: picoToDollars(rates.input_pico),
    cost_per_output_token: picoToDollars(rates.output_pico),
    ...optionalRate('cost_per_cached_token', rates.cached_pico),
    ...optionalRate('cost_per_cache_write_token', rates.cache_write_pico),
    ...optionalRate('cost_per_cache_write_1h_token', rates.cache_write_1h_pico),
  };
}

/** A stored price version as the API shows it (dollars per unit). */
export function toApiPricing(row: StoredPrice, effectiveTo: number | null): APIPricing {
  return {
    id: row.id,
    provider: row.provider,
    model_name: row.model,
    ...tokenRates(row),
    cost_per_request: picoToDollars(row.request_pico),
    cost_per_search: picoToDollars(row.search_pico),
    cost_per_image: picoToDollars(row.image_pico),
    cost_per_page: picoToDollars(row.page_pico),
    ...(row.tiers.length > 0
      ? { tiers: row.tiers.map((t) => ({ above_input_tokens: t.above_input_tokens, ...tokenRates(t) })) }
      : {}),
    source: row.source,
    ...(row.description ? { description: row.description } : {}),
    effective_from: new Date(row.effective_from).toISOString(),
    ...(effectiveTo !== null ? { effective_to: new Date(effectiveTo).toISOString() } : {}),
  };
}

/** Which list of versions a row belongs to: the operator's, Spendscope's own, or the catalog's. */
const listOf = (row: StoredPrice) =>
  row.source === 'operator' || row.source === 'spendscope' ? row.source : 'catalog';

/**
 * The price of every model in effect at `now`, each with the time it stops applying when a newer
 * version is already scheduled. A row of Spendscope's own table that the catalog (or an operator's
 * row) prices under the same name is left out: it no longer prices anything.
 */
export async function pricingInEffect(options: {
  db: Kysely<Database>;
  provider?: Provider | undefined;
  now: Date;
}): Promise<APIPricing[]> {
  const all = await loadPrices(options.db);
  const book = new PriceBook(options.db);
  book.load(all);
  const rows = all.filter((r) => !options.provider || r.provider === options.provider);
  const at = options.now.getTime();
  const byModel = new Map<string, StoredPrice[]>();
  for (const row of rows) {
    const key = `${row.provider}|${row.model}|${listOf(row)}`;
    byModel.set(key, [...(byModel.get(key) ?? []), row]);
  }
  const result: APIPricing[] = [];
  for (const versions of byModel.values()) {
    versions.sort((a, b) => a.effective_from - b.effective_from);
    const currentIndex = versions.findLastIndex((v) => v.effective_from <= at);
    const current = versions[currentIndex];
    if (!current) continue;
    const next = versions[currentIndex + 1];
    const end = next ? next.effective_from : current.effective_to;
    if (end !== null && end <= at) continue;
    if (
      current.source === 'spendscope' &&
      book.find(current.provider, current.model, at)?.id !== current.id
    ) {
      continue;
    }
    result.push(toApiPricing(current, end));
  }
  return result.sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.model_name.localeCompare(b.model_name),
  );
}

/** Adds a price version from dollars per unit; calls before its start keep the price they had. */
export async function addPriceVersion(options: {
  db: Kysely<Database>;
  request: CreatePricingRequest;
  now: Date;
}): Promise<APIPricing> {
  const body = createPricingRequestSchema.parse(options.request);
  const effectiveFrom = body.effective_from ? Date.parse(body.effective_from) : options.now.getTime();
  const price = {
    provider: body.provider,
    model: body.model_name,
    input_pico: dollarsToPico(body.cost_per_input_token),
    output_pico: dollarsToPico(body.cost_per_output_token),
    cached_pico: body.cost_per_cached_token === undefined ? null : dollarsToPico(body.cost_per_cached_token),
    cache_write_pico:
      body.cost_per_cache_write_token === undefined ? null : dollarsToPico(body.cost_per_cache_write_token),
    cache_write_1h_pico:
      body.cost_per_cache_write_1h_token === undefined
        ? null
        : dollarsToPico(body.cost_per_cache_write_1h_token),
    request_pico: dollarsToPico(body.cost_per_request),
    search_pico: dollarsToPico(body.cost_per_search),
    image_pico: dollarsToPico(body.cost_per_image),
    page_pico: dollarsToPico(body.cost_per_page),
    tiers: [],
    source: 'operator',
    match_rule: null,
    match_rank: null,
    description: body.description,
    effective_from: effectiveFrom,
  };
  if (await hasPriceVersion(options.db, price)) {
    throw new AppError(
      'conflict',
      `${price.model} already has a price starting ${new Date(effectiveFrom).toISOString()}`,
    );
  }
  const id = await insertPrice(options.db, price, options.now.getTime());
  return toApiPricing({ ...price, id, effective_to: null, description: body.description ?? null }, null);
}
