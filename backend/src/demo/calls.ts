import type { Provider, UsageEventInput } from '@spendscope/contracts';
import { between, pick } from './random.ts';

/** Models the demo traffic uses, per provider. */
export const DEMO_MODELS: Record<Provider, readonly string[]> = {
  gemini: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'],
  openai: ['gpt-4o-mini', 'gpt-4o'],
  anthropic: ['claude-3.5-haiku', 'claude-3.5-sonnet'],
  mistral: ['mistral-small', 'mistral-large'],
  tavily: ['tavily-search'],
  serper: ['serper-search'],
  metaphor: ['metaphor-search'],
  firecrawl: ['firecrawl-extract'],
  stability: ['stable-diffusion'],
};

const ENDPOINTS: Record<Provider, string> = {
  gemini: 'generateContent',
  openai: 'chat.completions',
  anthropic: 'messages',
  mistral: 'chat.completions',
  tavily: 'search',
  serper: 'search',
  metaphor: 'search',
  firecrawl: 'scrape',
  stability: 'text-to-image',
};

const TYPICAL_LATENCY_MS: Record<Provider, number> = {
  gemini: 900,
  openai: 1200,
  anthropic: 1500,
  mistral: 800,
  tavily: 600,
  serper: 350,
  metaphor: 700,
  firecrawl: 2500,
  stability: 6000,
};

/** One realistic provider call (without event id, user or time), drawn from `random`. */
export function randomCall(
  random: () => number,
  provider: Provider,
): Omit<UsageEventInput, 'event_id' | 'user_id'> {
  const failed = random() < 0.03;
  const latency = Math.round(TYPICAL_LATENCY_MS[provider] * (0.5 + random() * 1.2));
  const base = {
    provider,
    model: pick(random, DEMO_MODELS[provider]),
    endpoint: ENDPOINTS[provider],
    response_time_ms: latency,
    status_code: failed ? pick(random, [429, 500, 503]) : 200,
    ...(failed ? { error: 'upstream error' } : {}),
  };
  switch (provider) {
    case 'gemini':
    case 'openai':
    case 'anthropic':
    case 'mistral': {
      const output = failed ? 0 : between(random, 50, 600);
      const hasCache = provider !== 'mistral' && random() < 0.35;
      return {
        ...base,
        input_tokens: failed ? 0 : between(random, 100, 1200),
        cached_tokens: hasCache && !failed ? between(random, 200, 1200) : 0,
        output_tokens: output,
        reasoning_tokens: provider === 'gemini' && random() < 0.3 ? Math.floor(output * 0.4) : 0,
      };
    }
    case 'metaphor':
      return { ...base, searches: 1 };
    case 'firecrawl':
      return { ...base, pages: between(random, 1, 4) };
    case 'stability':
      return { ...base, images: between(random, 1, 2) };
    default:
      return base;
  }
}
