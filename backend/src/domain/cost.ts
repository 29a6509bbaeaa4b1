import type { Provider } from '@spendscope/contracts';
import type { PriceRow, TokenRates } from '../db/prices.ts';
import { picoToNanoRounded } from './money.ts';

/** What a call consumed, in Spendscope's token meaning (input excludes cached; output includes reasoning). */
export type BillableUnits = {
  provider: Provider;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens?: number | undefined;
  cache_write_1h_tokens?: number | undefined;
  searches?: number | undefined;
  pages?: number | undefined;
  images?: number | undefined;
};

/** The unit each per-request API bills by; a call that reports none of it counts as one. */
const DEFAULT_UNIT: Partial<Record<Provider, 'searches' | 'pages' | 'images'>> = {
  tavily: 'searches',
  serper: 'searches',
  metaphor: 'searches',
  firecrawl: 'pages',
  stability: 'images',
};

/** Searches, pages and images billed for a call: absent counts of a search, crawl or image API are one. */
export function billableCounts(units: BillableUnits): { searches: number; pages: number; images: number } {
  const counts = { searches: units.searches ?? 0, pages: units.pages ?? 0, images: units.images ?? 0 };
  const unit = DEFAULT_UNIT[units.provider];
  if (unit && units[unit] === undefined) counts[unit] = 1;
  return counts;
}

/** The rates that apply to a request with `wholeInput` input tokens: the highest tier it is above. */
export function ratesFor(price: PriceRow, wholeInput: number): TokenRates {
  let rates: TokenRates = price;
  for (const tier of price.tiers) if (wholeInput > tier.above_input_tokens) rates = tier;
  return rates;
}

/**
 * The cost of one call in nano-dollars: input×in + cached×(cached, else in) + 5-minute cache
 * writes×(write, else in) + one-hour cache writes×(write 1h, else write, else in) + output×out + per
 * request + searches×per search + pages×per page + images×per image, with the long-context tier chosen
 * by the whole input (uncached + cached + cache writes), computed exactly and rounded once, half up.
 */
export function computeCostNano(units: BillableUnits, price: PriceRow): number {
  const counts = billableCounts(units);
  const writes = units.cache_write_tokens ?? 0;
  const writes1h = Math.min(units.cache_write_1h_tokens ?? 0, writes);
  const rates = ratesFor(price, units.input_tokens + units.cached_tokens + writes);
  const writePrice = rates.cache_write_pico ?? rates.input_pico;
  const pico =
    BigInt(units.input_tokens) * BigInt(rates.input_pico) +
    BigInt(units.output_tokens) * BigInt(rates.output_pico) +
    BigInt(units.cached_tokens) * BigInt(rates.cached_pico ?? rates.input_pico) +
    BigInt(writes - writes1h) * BigInt(writePrice) +
    BigInt(writes1h) * BigInt(rates.cache_write_1h_pico ?? writePrice) +
    BigInt(price.request_pico) +
    BigInt(counts.searches) * BigInt(price.search_pico) +
    BigInt(counts.pages) * BigInt(price.page_pico) +
    BigInt(counts.images) * BigInt(price.image_pico);
  return picoToNanoRounded(pico);
}

/** The price version of `model` in effect at `at` (ms since epoch), if any. */
export function priceInEffect(rows: readonly PriceRow[], provider: Provider, model: string, at: number) {
  let best: PriceRow | undefined;
  for (const row of rows) {
    if (row.provider !== provider || row.model !== model) continue;
    if (row.effective_from > at) continue;
    if (row.effective_to !== null && row.effective_to <= at) continue;
    if (!best || row.effective_from > best.effective_from) best = row;
  }
  return best;
}

/** The model name a call is priced under: the one it names, or `<provider>-default`. */
export function pricedModelName(provider: Provider, model: string | undefined): string {
  return model ?? `${provider}-default`;
}
