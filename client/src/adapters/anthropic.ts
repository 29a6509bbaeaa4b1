import { count, tokens } from './counts.ts';
import { canonicalModel } from './model-names.ts';
import type { Adapter } from './types.ts';

type Count = number | null | undefined;

/** The parts of an Anthropic Messages API reply (`POST /v1/messages`) that carry usage. */
export type AnthropicMessageReply = {
  model?: string | null;
  usage?: {
    input_tokens?: Count;
    output_tokens?: Count;
    cache_creation_input_tokens?: Count;
    cache_read_input_tokens?: Count;
  } | null;
};

/**
 * Anthropic messages: `input_tokens` counts only the input after the last cache breakpoint;
 * `cache_read_input_tokens` and `cache_creation_input_tokens` come in addition to it.
 *
 * - Cache reads are cached input (`cached_tokens`, billed at the model's cached price).
 * - Cache writes are billed as ordinary input: Spendscope has no separate cache-write price, and the
 *   provider charges a write at least the base input price, so counting it as input never undercounts
 *   it as a cheap cached read would.
 * - Extended thinking is part of `output_tokens`; the API does not count it apart, so
 *   `reasoning_tokens` stays 0.
 */
export const anthropicMessages: Adapter<AnthropicMessageReply> = {
  provider: 'anthropic',
  endpoint: 'messages',
  usage(reply) {
    const usage = reply.usage;
    return {
      provider: 'anthropic',
      model: canonicalModel('anthropic', reply.model),
      ...tokens({
        input: count(usage?.input_tokens) + count(usage?.cache_creation_input_tokens),
        cached: count(usage?.cache_read_input_tokens),
        output: count(usage?.output_tokens),
        reasoning: 0,
      }),
    };
  },
};
