import type { Provider } from '@spendscope/contracts';
import type { NewPrice, PriceTier, TokenRates } from '../db/prices.ts';
import type { MatchRule } from './modelMatch.ts';

/** The parts of a genai-prices provider entry the import reads (its bundled data, as published). */
export type CatalogProvider = {
  id: string;
  models: ReadonlyArray<{
    id: string;
    name?: string | undefined;
    match: MatchRule;
    prices:
      | CatalogPriceSet
      | ReadonlyArray<{ constraint?: CatalogConstraint | undefined; prices: CatalogPriceSet }>;
  }>;
};
type CatalogTiered = { base: number; tiers: ReadonlyArray<{ start: number; price: number }> };
type CatalogPriceSet = Record<string, number | CatalogTiered | undefined>;
type CatalogConstraint = { type?: string; start_date?: string; start_time?: string; end_time?: string };

/** The catalog's providers that Spendscope meters, under Spendscope's provider names. */
export const CATALOG_PROVIDERS: Readonly<Record<string, Provider>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gemini',
  mistral: 'mistral',
};

/**
 * Model families the catalog also lists under a reseller (Google's entry carries the Claude models
 * Vertex AI resells): Spendscope prices them under their maker only, so a `claude-…` name never shows
 * or prices as a Gemini model.
 */
const MAKERS: ReadonlyArray<{ prefix: string; maker: Provider }> = [{ prefix: 'claude', maker: 'anthropic' }];

/** The maker of a model the catalog lists under another provider, if it is one. */
function resoldBy(provider: Provider, modelId: string): Provider | undefined {
  return MAKERS.find(({ prefix, maker }) => maker !== provider && modelId.startsWith(prefix))?.maker;
}

/** The start of a catalog price with no start date: it applies to every call. */
export const CATALOG_SINCE = 0;

/**
 * Each catalog price key Spendscope bills, the rate it fills and the power of ten that turns the
 * catalog's dollars (per million tokens, per thousand searches or pages) into pico-dollars per unit.
 */
const KEYS = {
  input_mtok: ['input_pico', 6],
  output_mtok: ['output_pico', 6],
  cache_read_mtok: ['cached_pico', 6],
  cache_write_mtok: ['cache_write_pico', 6],
  cache_write_1h_mtok: ['cache_write_1h_pico', 6],
  web_searches_kcount: ['search_pico', 9],
  requests_kcount: ['request_pico', 9],
  input_document_kpages: ['page_pico', 9],
} as const;
type CatalogKey = keyof typeof KEYS;
const TOKEN_RATES = [
  'input_pico',
  'output_pico',
  'cached_pico',
  'cache_write_pico',
  'cache_write_1h_pico',
] as const;

/** A price the import cannot store exactly or does not understand, named for the operator. */
export type SkippedPrice = { provider: string; model: string; reason: string };

/**
 * A decimal number of dollars times 10^exponent, exactly: the number's shortest decimal spelling is
 * shifted as a string, so `0.01875 × 10^6` is 18750 and never 18749.999…; undefined when the result
 * would not be a whole number.
 */
export function scaleDecimal(value: number, exponent: number): number | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const [mantissa = '0', exp = '0'] = String(value).toLowerCase().split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const shift = Number(exp) + exponent - fraction.length;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  if (shift < 0) {
    const cut = digits.length + shift;
    const dropped = cut > 0 ? digits.slice(cut) : digits;
    if (/[1-9]/.test(dropped)) return undefined;
    return Number(cut > 0 ? digits.slice(0, cut) : '0');
  }
  const result = Number(digits + '0'.repeat(shift));
  return Number.isSafeInteger(result) ? result : undefined;
}

type Rates = TokenRates & { request_pico: number; search_pico: number; page_pico: number };

const isTiered = (value: unknown): value is CatalogTiered =>
  typeof value === 'object' && value !== null && 'base' in value && 'tiers' in value;

/** One catalog price set as Spendscope's rates, or why it cannot be. */
function ratesOf(prices: CatalogPriceSet): { rates: Rates; tiers: PriceTier[] } | { reason: string } {
  const rates: Rates = {
    input_pico: 0,
    output_pico: 0,
    cached_pico: null,
    cache_write_pico: null,
    cache_write_1h_pico: null,
    request_pico: 0,
    search_pico: 0,
    page_pico: 0,
  };
  const tiered: Array<[CatalogKey, CatalogTiered]> = [];
  let billed = false;
  for (const [key, value] of Object.entries(prices)) {
    if (!(key in KEYS) || value === undefined) continue;
    const [rate, exponent] = KEYS[key as CatalogKey];
    const base = isTiered(value) ? value.base : value;
    const pico = scaleDecimal(base, exponent);
    if (pico === undefined) return { reason: `${key} ${base} is not a whole number of pico-dollars` };
    rates[rate] = pico;
    billed = true;
    if (isTiered(value)) tiered.push([key as CatalogKey, value]);
  }
  if (!billed) return { reason: 'no rate Spendscope bills (only audio, image or other units)' };
  const starts = [...new Set(tiered.flatMap(([, t]) => t.tiers.map((tier) => tier.start)))].sort(
    (a, b) => a - b,
  );
  const tiers: PriceTier[] = [];
  for (const start of starts) {
    const tier: PriceTier = {
      above_input_tokens: start,
      input_pico: rates.input_pico,
      output_pico: rates.output_pico,
      cached_pico: rates.cached_pico,
      cache_write_pico: rates.cache_write_pico,
      cache_write_1h_pico: rates.cache_write_1h_pico,
    };
    for (const [key, value] of tiered) {
      const [rate, exponent] = KEYS[key];
      if (!(TOKEN_RATES as readonly string[]).includes(rate)) {
        return { reason: `${key} has long-context tiers, which Spendscope applies to token rates only` };
      }
      // The rate of the highest tier at or below this start (the catalog's own rule).
      const price = value.tiers.filter((t) => t.start <= start).sort((a, b) => b.start - a.start)[0]?.price;
      if (price === undefined) continue;
      const pico = scaleDecimal(price, exponent);
      if (pico === undefined) return { reason: `${key} tier ${price} is not a whole number of pico-dollars` };
      tier[rate as (typeof TOKEN_RATES)[number]] = pico;
    }
    tiers.push(tier);
  }
  return { rates, tiers };
}

/**
 * Every price version of the catalog's OpenAI, Anthropic, Google and Mistral models as Spendscope
 * price rows: one row per dated version (`start_date` constraints), with the model's match rule and
 * place in the catalog, provenance `source`; and the versions that could not be stored, with why.
 */
export function catalogPriceRows(
  providers: readonly CatalogProvider[],
  source: string,
): { rows: NewPrice[]; skipped: SkippedPrice[] } {
  const rows: NewPrice[] = [];
  const skipped: SkippedPrice[] = [];
  for (const entry of providers) {
    const provider = CATALOG_PROVIDERS[entry.id];
    if (!provider) continue;
    entry.models.forEach((model, rank) => {
      const maker = resoldBy(provider, model.id);
      const versions = Array.isArray(model.prices)
        ? (model.prices as ReadonlyArray<{ constraint?: CatalogConstraint; prices: CatalogPriceSet }>)
        : [{ prices: model.prices as CatalogPriceSet }];
      for (const version of versions) {
        if (maker) {
          skipped.push({
            provider,
            model: model.id,
            reason: `a ${maker} model resold by ${entry.id}: priced as ${maker}`,
          });
          continue;
        }
        const from = effectiveFromOf(version.constraint);
        if (from === undefined) {
          skipped.push({
            provider,
            model: model.id,
            reason: `constraint ${JSON.stringify(version.constraint)}`,
          });
          continue;
        }
        const converted = ratesOf(version.prices);
        if ('reason' in converted) {
          skipped.push({ provider, model: model.id, reason: converted.reason });
          continue;
        }
        rows.push({
          provider,
          model: model.id,
          ...converted.rates,
          image_pico: 0,
          tiers: converted.tiers,
          source,
          match_rule: JSON.stringify(model.match),
          match_rank: rank,
          description: model.name ?? model.id,
          effective_from: from,
        });
      }
    });
  }
  return { rows, skipped };
}

/** When a catalog version starts: its `start_date` (UTC midnight), or always; undefined if other. */
function effectiveFromOf(constraint: CatalogConstraint | undefined): number | undefined {
  if (!constraint) return CATALOG_SINCE;
  if (constraint.start_date && (constraint.type === undefined || constraint.type === 'start_date')) {
    const at = Date.parse(`${constraint.start_date}T00:00:00Z`);
    return Number.isNaN(at) ? undefined : at;
  }
  return undefined;
}
