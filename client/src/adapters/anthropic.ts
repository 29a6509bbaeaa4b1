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
    /** The cache writes by lifetime (replies since the one-hour cache). */
    cache_creation?: {
      ephemeral_5m_input_tokens?: Count;
      ephemeral_1h_input_tokens?: Count;
    } | null;
  } | null;
};

/**
 * Anthropic messages: `input_tokens` counts only the input after the last cache breakpoint;
 * `cache_read_input_tokens` and `cache_creation_input_tokens` come in addition to it.
 *
 * - Cache reads are cached input (`cached_tokens`, billed at the model's cached price).
 * - Cache writes are `cache_write_tokens` (billed at the cache-write price, 1.25× input for a
 *   five-minute lifetime); `cache_creation.ephemeral_1h_input_tokens` is the part written with a
 *   one-hour lifetime (`cache_write_1h_tokens`, 2× input). A reply with the split but no total counts
 *   the two parts.
 * - Extended thinking is part of `output_tokens`; the API does not count it apart, so
 *   `reasoning_tokens` stays 0.
 */
export const anthropicMessages: Adapter<AnthropicMessageReply> = {
  provider: 'anthropic',
  endpoint: 'messages',
  usage(reply) {
    const usage = reply.usage;
    const split = usage?.cache_creation;
    const written5m = count(split?.ephemeral_5m_input_tokens);
    const written1h = count(split?.ephemeral_1h_input_tokens);
    const written = Math.max(count(usage?.cache_creation_input_tokens), written5m + written1h);
    return {
      provider: 'anthropic',
      model: canonicalModel('anthropic', reply.model),
      ...tokens({
        input: count(usage?.input_tokens),
        cached: count(usage?.cache_read_input_tokens),
        output: count(usage?.output_tokens),
        reasoning: 0,
      }),
      ...(written > 0
        ? { cache_write_tokens: written, cache_write_1h_tokens: Math.min(written1h, written) }
        : {}),
    };
  },
};
