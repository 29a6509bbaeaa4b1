import { z } from 'zod';

/** The nine providers Spendscope meters, in the order the dashboard lists them. */
export const PROVIDERS = [
  'gemini',
  'openai',
  'anthropic',
  'mistral',
  'tavily',
  'serper',
  'metaphor',
  'firecrawl',
  'stability',
] as const;

/** Providers billed per token. */
export const LLM_PROVIDERS = ['gemini', 'openai', 'anthropic', 'mistral'] as const;

/** Providers billed per request, search, page or image. */
export const REQUEST_PROVIDERS = ['tavily', 'serper', 'metaphor', 'firecrawl', 'stability'] as const;

export const providerSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export function isLlmProvider(provider: Provider): provider is LlmProvider {
  return (LLM_PROVIDERS as readonly string[]).includes(provider);
}

/** Human names for the providers, used in alert messages and the UI. */
export const PROVIDER_LABELS: Record<Provider, string> = {
  gemini: 'Gemini',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  mistral: 'Mistral',
  tavily: 'Tavily',
  serper: 'Serper',
  metaphor: 'Metaphor (Exa)',
  firecrawl: 'Firecrawl',
  stability: 'Stability',
};
