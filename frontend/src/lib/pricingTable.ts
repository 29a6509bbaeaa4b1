import type { APIPricing, Provider } from '@spendscope/contracts';
import { PROVIDERS } from '@spendscope/contracts';
import { formatUnitPrice } from './format.ts';

/** Rows a page of the price table shows: enough to scan, few enough to render at once. */
export const PRICES_PER_PAGE = 50;

const PER_MILLION = 1_000_000;

/** Prices whose model name or description holds `query` (any case), of one provider or all, sorted. */
export function filterPricing(
  rows: readonly APIPricing[],
  options: { query: string; provider?: Provider | undefined },
): APIPricing[] {
  const needle = options.query.trim().toLowerCase();
  return rows
    .filter((row) => !options.provider || row.provider === options.provider)
    .filter(
      (row) =>
        needle === '' ||
        row.model_name.toLowerCase().includes(needle) ||
        (row.description ?? '').toLowerCase().includes(needle),
    )
    .sort(
      (a, b) =>
        PROVIDERS.indexOf(a.provider) - PROVIDERS.indexOf(b.provider) ||
        a.model_name.localeCompare(b.model_name),
    );
}

/** One page of rows (numbered from 0, clamped to the last page) and how many pages there are. */
export function pageOf<T>(rows: readonly T[], page: number, size = PRICES_PER_PAGE) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(current * size, (current + 1) * size), page: current, pages };
}

/** A per-token rate as dollars per million tokens; absent rates fall back (shown as a dash). */
export function perMillionTokens(dollarsPerToken: number | undefined): string {
  return dollarsPerToken === undefined ? '—' : formatUnitPrice(dollarsPerToken * PER_MILLION);
}

/** The per-call units a price bills (request, search, page, image), or a dash. */
export function perUnitRates(price: APIPricing): string {
  const parts: string[] = [];
  if (price.cost_per_request > 0) parts.push(`${formatUnitPrice(price.cost_per_request)} / request`);
  if (price.cost_per_search > 0) parts.push(`${formatUnitPrice(price.cost_per_search)} / search`);
  if (price.cost_per_page > 0) parts.push(`${formatUnitPrice(price.cost_per_page)} / page`);
  if (price.cost_per_image > 0) parts.push(`${formatUnitPrice(price.cost_per_image)} / image`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

/** A price's long-context tiers in words: `above 200,000 input: $6 in / $22.50 out per 1M`. */
export function describeTiers(price: APIPricing): string[] {
  return (price.tiers ?? []).map(
    (tier) =>
      `above ${tier.above_input_tokens.toLocaleString('en-US')} input: ${perMillionTokens(tier.cost_per_input_token)} in / ${perMillionTokens(tier.cost_per_output_token)} out per 1M`,
  );
}

/** Where a price came from, for people: the catalog and its version, the operator, or Spendscope. */
export function describeSource(source: string): string {
  if (source === 'operator') return 'Operator';
  if (source === 'spendscope') return 'Spendscope';
  return source.replace(/^genai-prices@/, 'genai-prices ');
}

/** A start date; the catalog's "always" (1970-01-01) reads as such. */
export function describeSince(effectiveFrom: string): string {
  return Date.parse(effectiveFrom) <= 0 ? 'always' : effectiveFrom.slice(0, 10);
}
