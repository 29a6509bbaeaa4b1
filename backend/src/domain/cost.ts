import type { Provider } from '@spendscope/contracts';
import { picoToNanoRounded } from './money.ts';

/** One price version, in pico-dollars per unit. */
export type PriceRow = {
  id: number;
  provider: Provider;
  model: string;
  input_pico: number;
  output_pico: number;
  /** Null: cached input is billed at the input price. */
  cached_pico: number | null;
  request_pico: number;
  search_pico: number;
  image_pico: number;
  page_pico: number;
  effective_from: number;
  effective_to: number | null;
};

/** What a call consumed, in Spendscope's token meaning (input excludes cached; output includes reasoning). */
export type BillableUnits = {
  provider: Provider;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
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

/**
 * The cost of one call in nano-dollars: input×in + output×out + cached×(cached, else in) + per request
 * + searches×per search + pages×per page + images×per image, computed exactly and rounded once, half up.
 */
export function computeCostNano(units: BillableUnits, price: PriceRow): number {
  const counts = billableCounts(units);
  const cachedPrice = price.cached_pico ?? price.input_pico;
  const pico =
    BigInt(units.input_tokens) * BigInt(price.input_pico) +
    BigInt(units.output_tokens) * BigInt(price.output_pico) +
    BigInt(units.cached_tokens) * BigInt(cachedPrice) +
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
