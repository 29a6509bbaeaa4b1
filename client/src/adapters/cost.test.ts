import { usageEventSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { PriceRow } from '../../../backend/src/db/prices.ts';
import { defaultPrices } from '../../../backend/src/defaults/prices.ts';
import {
  type BillableUnits,
  computeCostNano,
  pricedModelName,
  priceInEffect,
} from '../../../backend/src/domain/cost.ts';
import { dollarsToPico } from '../../../backend/src/domain/money.ts';
import anthropicCacheRead from './__fixtures__/anthropic-message-cache-read.json';
import anthropicCacheWrite from './__fixtures__/anthropic-message-cache-write.json';
import exaSearchReply from './__fixtures__/exa-search.json';
import firecrawlCrawl from './__fixtures__/firecrawl-crawl-status.json';
import firecrawlScrape from './__fixtures__/firecrawl-scrape.json';
import firecrawlSearch from './__fixtures__/firecrawl-search.json';
import geminiPlain from './__fixtures__/gemini-generate-content.json';
import geminiThinking from './__fixtures__/gemini-generate-content-thinking.json';
import mistralPlain from './__fixtures__/mistral-chat-completion.json';
import mistralCached from './__fixtures__/mistral-chat-completion-cached.json';
import openaiChatReply from './__fixtures__/openai-chat-completion.json';
import openaiChatReasoning from './__fixtures__/openai-chat-completion-reasoning.json';
import openaiResponseReply from './__fixtures__/openai-response.json';
import openaiResponseReasoning from './__fixtures__/openai-response-reasoning.json';
import serperSearchReply from './__fixtures__/serper-search.json';
import stabilityStableImage from './__fixtures__/stability-stable-image.json';
import stabilityV1 from './__fixtures__/stability-v1-generation.json';
import tavilySearchReply from './__fixtures__/tavily-search.json';
import { anthropicMessages } from './anthropic.ts';
import { exaSearch } from './exa.ts';
import { firecrawl } from './firecrawl.ts';
import { geminiGenerateContent } from './gemini.ts';
import { mistralChat } from './mistral.ts';
import { openaiChat, openaiResponses } from './openai.ts';
import { serperSearch } from './serper.ts';
import { stabilityImage } from './stability.ts';
import { tavilySearch } from './tavily.ts';
import type { AdaptedUsage } from './types.ts';

// The server's own pricing: the seeded table and the pure cost function it prices every event with.
const NOW = Date.UTC(2026, 10, 1);
const seeded: PriceRow[] = defaultPrices().map((price, i) => ({ ...price, id: i + 1, effective_to: null }));

/** A price version as an admin adds it for a model the seed table leaves out (dollars per token). */
function addedPrice(
  provider: PriceRow['provider'],
  model: string,
  input: number,
  cached: number,
  output: number,
) {
  return {
    ...seeded[0]!,
    id: 1000,
    provider,
    model,
    input_pico: dollarsToPico(input),
    cached_pico: dollarsToPico(cached),
    output_pico: dollarsToPico(output),
  };
}

function serverCost(usage: AdaptedUsage, rows: PriceRow[] = seeded): number | 'unpriced' {
  const price = priceInEffect(rows, usage.provider, pricedModelName(usage.provider, usage.model), NOW);
  if (!price) return 'unpriced';
  const units: BillableUnits = usage;
  return computeCostNano(units, price);
}

// Expected costs worked out by hand from the seeded dollar prices, in nano-dollars.
const priced: Array<[string, AdaptedUsage, number]> = [
  // gpt-4o: 348 × $2.50/M + 1,792 cached × $1.25/M + 187 × $10/M
  [
    'OpenAI chat, gpt-4o with cached input',
    openaiChat.usage(openaiChatReply),
    870_000 + 2_240_000 + 1_870_000,
  ],
  // gpt-4o-mini: 256 × $0.15/M + 1,280 cached × $0.075/M + 64 × $0.60/M
  [
    'OpenAI responses, gpt-4o-mini with cached input',
    openaiResponses.usage(openaiResponseReply),
    38_400 + 96_000 + 38_400,
  ],
  // claude-3.5-sonnet: 46 × $3/M + 3,287 cache reads × $0.30/M + 264 × $15/M
  ['Anthropic, cache read', anthropicMessages.usage(anthropicCacheRead), 138_000 + 986_100 + 3_960_000],
  // claude-3.5-haiku in the seed table (no cache-write price, so writes bill at the input price):
  // (21 + 4,112 cache writes) × $0.80/M + 153 × $4/M
  [
    'Anthropic, cache write at the input price when no write price is set',
    anthropicMessages.usage(anthropicCacheWrite),
    3_306_400 + 612_000,
  ],
  // gemini-2.5-flash: 1,111 × $0.30/M + 4,096 cached at the input price (no cached price) + (311 + 1,246) × $2.50/M
  [
    'Gemini, cached content and thoughts',
    geminiGenerateContent.usage(geminiThinking),
    333_300 + 1_228_800 + 3_892_500,
  ],
  // gemini-1.5-flash: 38 × $0.075/M + 17 × $0.30/M
  ['Gemini, plain', geminiGenerateContent.usage(geminiPlain), 2_850 + 5_100],
  // mistral-large: 612 × $2/M + 94 × $6/M
  ['Mistral large', mistralChat.usage(mistralPlain), 1_224_000 + 564_000],
  // mistral-small: 64 × $0.20/M + 1,344 cached at the input price + 41 × $0.60/M
  ['Mistral small with cached prompt', mistralChat.usage(mistralCached), 12_800 + 268_800 + 24_600],
  ['Tavily search, $0.001 per request', tavilySearch.usage(tavilySearchReply), 1_000_000],
  ['Serper search, $0.001 per request', serperSearch.usage(serperSearchReply), 1_000_000],
  ['Exa search, $0.003 per search', exaSearch.usage(exaSearchReply), 3_000_000],
  ['Firecrawl scrape, 1 page × $0.002', firecrawl.usage(firecrawlScrape), 2_000_000],
  ['Firecrawl crawl, 3 pages × $0.002', firecrawl.usage(firecrawlCrawl), 6_000_000],
  ['Firecrawl search, 3 documents × $0.002', firecrawl.usage(firecrawlSearch), 6_000_000],
  ['Stability v1, 2 images × $0.04', stabilityImage.usage(stabilityV1), 80_000_000],
  ['Stability Stable Image, 1 image × $0.04', stabilityImage.usage(stabilityStableImage), 40_000_000],
];

describe('adapted fixtures as the server prices them', () => {
  it.each(priced)('%s costs the expected nano-dollars', (_name, usage, nano) => {
    expect(serverCost(usage)).toBe(nano);
  });

  it.each(priced)('%s makes an event the server accepts', (_name, usage) => {
    const event = { ...usage, event_id: 'e-1', user_id: 'user-1' };
    expect(usageEventSchema.safeParse(event).success).toBe(true);
  });

  it('names every seeded LLM fixture model so that it is priced, not left to the default row', () => {
    for (const [, usage] of priced) {
      expect(seeded.some((row) => row.provider === usage.provider && row.model === usage.model)).toBe(true);
    }
  });

  it('bills reasoning once, as part of output (o3-mini once its price is added)', () => {
    const usage = openaiChat.usage(openaiChatReasoning);
    expect(serverCost(usage)).toBe('unpriced');
    const o3mini = addedPrice('openai', 'o3-mini', 1.1e-6, 5.5e-7, 4.4e-6);
    // 166 × $1.10/M + 1,152 cached × $0.55/M + 1,472 output (1,216 of it reasoning) × $4.40/M
    expect(serverCost(usage, [...seeded, o3mini])).toBe(182_600 + 633_600 + 6_476_800);
  });

  it('bills Responses API reasoning once, as part of output (o4-mini once its price is added)', () => {
    const usage = openaiResponses.usage(openaiResponseReasoning);
    expect(serverCost(usage)).toBe('unpriced');
    const o4mini = addedPrice('openai', 'o4-mini', 1.1e-6, 2.75e-7, 4.4e-6);
    // 262 × $1.10/M + 2,048 cached × $0.275/M + 1,689 output (1,472 of it reasoning) × $4.40/M
    expect(serverCost(usage, [...seeded, o4mini])).toBe(288_200 + 563_200 + 7_431_600);
  });
});
