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
  /** When this version starts (default: SEED_PRICES_FROM). */
  from?: number;
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

/**
 * The search, crawl and image APIs brought to the prices their providers published as read on
 * 2026-12-01 (sources in docs/pricing.md), as new versions from that day: calls before it keep the
 * price they were stored with.
 */
export const PRICES_2026_12 = Date.UTC(2026, 11, 1);

const SEARCH_API_PRICES_2026_12: Seed[] = (
  [
    // Tavily pay-as-you-go: $0.008 per credit; a basic search is 1 credit, an advanced search 2.
    {
      provider: 'tavily',
      model: 'tavily-search',
      search: 0.008,
      description: 'Tavily basic search, 1 credit',
    },
    {
      provider: 'tavily',
      model: 'tavily-search-advanced',
      search: 0.016,
      description: 'Tavily advanced search, 2 credits',
    },
    { provider: 'tavily', model: 'tavily-default', search: 0.008, description: 'Tavily, a basic search' },
    // Exa: $5 per 1,000 searches of 1–25 results, $25 per 1,000 of 26–100 results.
    {
      provider: 'metaphor',
      model: 'metaphor-search',
      search: 0.005,
      description: 'Exa search, 1–25 results',
    },
    {
      provider: 'metaphor',
      model: 'metaphor-search-100',
      search: 0.025,
      description: 'Exa search, 26–100 results',
    },
    {
      provider: 'metaphor',
      model: 'metaphor-default',
      search: 0.005,
      description: 'Exa search, 1–25 results',
    },
    // Stability: $0.01 per credit, a fixed number of credits per generated image.
    {
      provider: 'stability',
      model: 'stable-image-ultra',
      image: 0.08,
      description: 'Stable Image Ultra, 8 credits',
    },
    {
      provider: 'stability',
      model: 'stable-image-core',
      image: 0.03,
      description: 'Stable Image Core, 3 credits',
    },
    { provider: 'stability', model: 'sd3.5-large', image: 0.065, description: 'SD 3.5 Large, 6.5 credits' },
    {
      provider: 'stability',
      model: 'sd3.5-large-turbo',
      image: 0.04,
      description: 'SD 3.5 Large Turbo, 4 credits',
    },
    { provider: 'stability', model: 'sd3.5-medium', image: 0.035, description: 'SD 3.5 Medium, 3.5 credits' },
  ] satisfies Seed[]
).map((seed) => ({ ...seed, from: PRICES_2026_12 }));

/** Every version of Spendscope's own table: the first table and the versions added since. */
const OWN_PRICE_VERSIONS: Seed[] = [...DEFAULT_PRICE_TABLE, ...SEARCH_API_PRICES_2026_12];

/** The default table as price versions in pico-dollars. */
export function defaultPrices(effectiveFrom = SEED_PRICES_FROM): NewPrice[] {
  return OWN_PRICE_VERSIONS.map((p) => ({
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
    effective_from: p.from ?? effectiveFrom,
  }));
}
