import type { Provider } from '@spendscope/contracts';
import type { NewPrice } from '../db/prices.ts';
import { dollarsToPico } from '../domain/money.ts';

/** The provenance of Spendscope's own rows (search, crawl and image APIs; names no catalog prices). */
export const OWN_PRICE_SOURCE = 'spendscope';

/** When the seeded prices take effect: before any demo history. */
export const SEED_PRICES_FROM = Date.UTC(2020, 0, 1);

type Seed = {
  provider: Provider;
  model: string;
  input?: number;
  output?: number;
  cached?: number;
  request?: number;
  search?: number;
  page?: number;
  image?: number;
  description: string;
};

/**
 * Spendscope's own price table, in dollars per unit: the search, crawl and image APIs no catalog
 * lists, each provider's `<provider>-default`, and the model families priced before the catalog came
 * in (kept so that stored rows and a fresh database agree; the catalog wins for every name it prices).
 */
export const DEFAULT_PRICE_TABLE: Seed[] = [
  {
    provider: 'gemini',
    model: 'gemini-2.5-pro',
    input: 1.25e-6,
    output: 1e-5,
    description: 'Gemini 2.5 Pro',
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    input: 3e-7,
    output: 2.5e-6,
    description: 'Gemini 2.5 Flash',
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash-lite',
    input: 1e-7,
    output: 4e-7,
    description: 'Gemini 2.5 Flash-Lite',
  },
  {
    provider: 'gemini',
    model: 'gemini-1.5-flash',
    input: 7.5e-8,
    output: 3e-7,
    description: 'Gemini 1.5 Flash',
  },
  {
    provider: 'gemini',
    model: 'gemini-1.5-pro',
    input: 1.25e-6,
    output: 5e-6,
    description: 'Gemini 1.5 Pro',
  },
  {
    provider: 'gemini',
    model: 'gemini-default',
    input: 3e-7,
    output: 2.5e-6,
    description: 'Gemini, model not named',
  },
  {
    provider: 'openai',
    model: 'gpt-4o',
    input: 2.5e-6,
    output: 1e-5,
    cached: 1.25e-6,
    description: 'GPT-4o',
  },
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    input: 1.5e-7,
    output: 6e-7,
    cached: 7.5e-8,
    description: 'GPT-4o mini',
  },
  {
    provider: 'openai',
    model: 'openai-default',
    input: 2.5e-6,
    output: 1e-5,
    cached: 1.25e-6,
    description: 'OpenAI, model not named',
  },
  {
    provider: 'anthropic',
    model: 'claude-3.5-sonnet',
    input: 3e-6,
    output: 1.5e-5,
    cached: 3e-7,
    description: 'Claude 3.5 Sonnet',
  },
  {
    provider: 'anthropic',
    model: 'claude-3.5-haiku',
    input: 8e-7,
    output: 4e-6,
    cached: 8e-8,
    description: 'Claude 3.5 Haiku',
  },
  {
    provider: 'anthropic',
    model: 'anthropic-default',
    input: 3e-6,
    output: 1.5e-5,
    cached: 3e-7,
    description: 'Anthropic, model not named',
  },
  { provider: 'mistral', model: 'mistral-large', input: 2e-6, output: 6e-6, description: 'Mistral Large' },
  { provider: 'mistral', model: 'mistral-small', input: 2e-7, output: 6e-7, description: 'Mistral Small' },
  {
    provider: 'mistral',
    model: 'mistral-default',
    input: 2e-7,
    output: 6e-7,
    description: 'Mistral, model not named',
  },
  { provider: 'tavily', model: 'tavily-search', request: 0.001, description: 'Tavily search, per request' },
  { provider: 'tavily', model: 'tavily-default', request: 0.001, description: 'Tavily, per request' },
  { provider: 'serper', model: 'serper-search', request: 0.001, description: 'Serper search, per request' },
  { provider: 'serper', model: 'serper-default', request: 0.001, description: 'Serper, per request' },
  {
    provider: 'metaphor',
    model: 'metaphor-search',
    search: 0.003,
    description: 'Metaphor (Exa) search, per search',
  },
  {
    provider: 'metaphor',
    model: 'metaphor-default',
    search: 0.003,
    description: 'Metaphor (Exa), per search',
  },
  {
    provider: 'firecrawl',
    model: 'firecrawl-extract',
    page: 0.002,
    description: 'Firecrawl extract, per page',
  },
  { provider: 'firecrawl', model: 'firecrawl-default', page: 0.002, description: 'Firecrawl, per page' },
  {
    provider: 'stability',
    model: 'stable-diffusion',
    image: 0.04,
    description: 'Stable Diffusion, per image',
  },
  { provider: 'stability', model: 'stability-default', image: 0.04, description: 'Stability, per image' },
];

/** The default table as price versions in pico-dollars. */
export function defaultPrices(effectiveFrom = SEED_PRICES_FROM): NewPrice[] {
  return DEFAULT_PRICE_TABLE.map((p) => ({
    provider: p.provider,
    model: p.model,
    input_pico: dollarsToPico(p.input ?? 0),
    output_pico: dollarsToPico(p.output ?? 0),
    cached_pico: p.cached === undefined ? null : dollarsToPico(p.cached),
    request_pico: dollarsToPico(p.request ?? 0),
    search_pico: dollarsToPico(p.search ?? 0),
    image_pico: dollarsToPico(p.image ?? 0),
    page_pico: dollarsToPico(p.page ?? 0),
    cache_write_pico: null,
    cache_write_1h_pico: null,
    tiers: [],
    source: OWN_PRICE_SOURCE,
    match_rule: null,
    match_rank: null,
    description: p.description,
    effective_from: effectiveFrom,
  }));
}
