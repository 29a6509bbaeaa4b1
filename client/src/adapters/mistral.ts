import { chatCompletionUsage, type OpenAIChatReply } from './openai.ts';
import type { Adapter } from './types.ts';

/** The parts of a Mistral chat completion (`POST /v1/chat/completions`) that carry usage. */
export type MistralChatReply = OpenAIChatReply;

/**
 * Mistral chat completions answer in OpenAI's format: `prompt_tokens` and `completion_tokens`; with
 * prompt caching, `prompt_tokens_details.cached_tokens` is part of `prompt_tokens`.
 */
export const mistralChat: Adapter<MistralChatReply> = {
  provider: 'mistral',
  endpoint: 'chat.completions',
  usage: (reply) => chatCompletionUsage('mistral', reply),
};
