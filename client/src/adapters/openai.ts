import { count, tokens } from './counts.ts';
import { canonicalModel } from './model-names.ts';
import type { Adapter } from './types.ts';

type Count = number | null | undefined;

/** The parts of an OpenAI chat completion (`POST /v1/chat/completions`) that carry usage. */
export type OpenAIChatReply = {
  model?: string | null;
  usage?: {
    prompt_tokens?: Count;
    completion_tokens?: Count;
    prompt_tokens_details?: { cached_tokens?: Count } | null;
    completion_tokens_details?: { reasoning_tokens?: Count } | null;
  } | null;
};

/** The parts of an OpenAI Responses API reply (`POST /v1/responses`) that carry usage. */
export type OpenAIResponsesReply = {
  model?: string | null;
  usage?: {
    input_tokens?: Count;
    output_tokens?: Count;
    input_tokens_details?: { cached_tokens?: Count } | null;
    output_tokens_details?: { reasoning_tokens?: Count } | null;
  } | null;
};

/**
 * OpenAI chat completions: `prompt_tokens` includes `prompt_tokens_details.cached_tokens`, and
 * `completion_tokens` includes `completion_tokens_details.reasoning_tokens` — so input is prompt minus
 * cached, and output is the completion count as it stands.
 */
export const openaiChat: Adapter<OpenAIChatReply> = {
  provider: 'openai',
  endpoint: 'chat.completions',
  usage: (reply) => chatCompletionUsage('openai', reply),
};

/**
 * The usage of a reply in the chat completions format, which other providers (Mistral) answer in too:
 * input is the prompt minus its cached part, output the completion count with its reasoning.
 */
export function chatCompletionUsage(provider: 'openai' | 'mistral', reply: OpenAIChatReply) {
  const usage = reply.usage;
  const prompt = count(usage?.prompt_tokens);
  const cached = Math.min(count(usage?.prompt_tokens_details?.cached_tokens), prompt);
  return {
    provider,
    model: canonicalModel(provider, reply.model),
    ...tokens({
      input: prompt - cached,
      cached,
      output: count(usage?.completion_tokens),
      reasoning: count(usage?.completion_tokens_details?.reasoning_tokens),
    }),
  };
}

/**
 * OpenAI Responses API: `input_tokens` includes `input_tokens_details.cached_tokens`, and `output_tokens`
 * includes `output_tokens_details.reasoning_tokens`.
 */
export const openaiResponses: Adapter<OpenAIResponsesReply> = {
  provider: 'openai',
  endpoint: 'responses',
  usage(reply) {
    const usage = reply.usage;
    const input = count(usage?.input_tokens);
    const cached = Math.min(count(usage?.input_tokens_details?.cached_tokens), input);
    return {
      provider: 'openai',
      model: canonicalModel('openai', reply.model),
      ...tokens({
        input: input - cached,
        cached,
        output: count(usage?.output_tokens),
        reasoning: count(usage?.output_tokens_details?.reasoning_tokens),
      }),
    };
  },
};
