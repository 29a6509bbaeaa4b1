import type { ReportEvent } from '../types.ts';

/** A valid LLM call for `user`, with `n` input tokens to tell events apart. */
export function llmCall(n: number, user = 'user-1'): ReportEvent {
  return { user_id: user, provider: 'openai', model: 'gpt-4o', input_tokens: n, output_tokens: 1 };
}
