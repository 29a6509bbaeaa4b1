import type { Provider } from '@spendscope/contracts';

/**
 * The values instrumentations put in `gen_ai.provider.name` (and the older `gen_ai.system`), folded to
 * lower case, mapped onto Spendscope's providers. Names from the GenAI semantic conventions (current
 * and earlier releases) and the spellings OpenLLMetry, OpenLIT and OpenInference send.
 */
const PROVIDER_NAMES: Record<string, Provider> = {
  openai: 'openai',
  'azure.ai.openai': 'openai',
  'az.ai.openai': 'openai',
  azure_openai: 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'gemini',
  'gcp.vertex_ai': 'gemini',
  'gcp.gen_ai': 'gemini',
  vertex_ai: 'gemini',
  vertexai: 'gemini',
  gemini: 'gemini',
  google: 'gemini',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
  mistral: 'mistral',
  tavily: 'tavily',
  serper: 'serper',
  metaphor: 'metaphor',
  exa: 'metaphor',
  firecrawl: 'firecrawl',
  stability: 'stability',
  stability_ai: 'stability',
  stabilityai: 'stability',
};

/** Spendscope's provider for a span's provider name, or undefined when it meters no such provider. */
export function providerOfSpanName(name: string): Provider | undefined {
  return PROVIDER_NAMES[name.trim().toLowerCase().replaceAll(' ', '_')];
}
