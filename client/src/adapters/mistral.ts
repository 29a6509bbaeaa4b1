import { count, tokens } from './counts.ts';
import { canonicalModel } from './model-names.ts';
import type { Adapter } from './types.ts';

type Count = number | null | undefined;

/** The parts of a Mistral chat completion (`POST /v1/chat/completions`) that carry usage. */
export type MistralChatReply = {
  model?: string | null;
  usage?: {
    prompt_tokens?: Count;
    completion_tokens?: Count;
    prompt_tokens_details?: { cached_tokens?: Count } | null;
  } | null;
};

/**
 * Mistral chat completions: `prompt_tokens` and `completion_tokens`. With prompt caching, the cached
 * part is reported in `prompt_tokens_details.cached_tokens` and, as in OpenAI's format, is part of
 * `prompt_tokens`.
 */
export const mistralChat: Adapter<MistralChatReply> = {
  provider: 'mistral',
  endpoint: 'chat.completions',
  usage(reply) {
    const usage = reply.usage;
    const prompt = count(usage?.prompt_tokens);
    const cached = Math.min(count(usage?.prompt_tokens_details?.cached_tokens), prompt);
    return {
      provider: 'mistral',
      model: canonicalModel('mistral', reply.model),
      ...tokens({ input: prompt - cached, cached, output: count(usage?.completion_tokens), reasoning: 0 }),
    };
  },
};
