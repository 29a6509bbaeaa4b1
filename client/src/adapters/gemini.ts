import { count, tokens } from './counts.ts';
import { canonicalModel } from './model-names.ts';
import type { Adapter } from './types.ts';

type Count = number | null | undefined;

/** The parts of a Gemini `generateContent` reply that carry usage. */
export type GeminiGenerateContentReply = {
  modelVersion?: string | null;
  usageMetadata?: {
    promptTokenCount?: Count;
    cachedContentTokenCount?: Count;
    candidatesTokenCount?: Count;
    thoughtsTokenCount?: Count;
    toolUsePromptTokenCount?: Count;
  } | null;
};

/**
 * Gemini: `promptTokenCount` includes `cachedContentTokenCount`; `candidatesTokenCount` excludes
 * `thoughtsTokenCount`, which is billed as output — so output is candidates plus thoughts and the
 * reasoning part is the thoughts. `toolUsePromptTokenCount` (tool results fed back to the model) is
 * reported apart from the prompt and billed as input, so it is added to input.
 */
export const geminiGenerateContent: Adapter<GeminiGenerateContentReply> = {
  provider: 'gemini',
  endpoint: 'generateContent',
  usage(reply) {
    const usage = reply.usageMetadata;
    const prompt = count(usage?.promptTokenCount);
    const cached = Math.min(count(usage?.cachedContentTokenCount), prompt);
    const thoughts = count(usage?.thoughtsTokenCount);
    return {
      provider: 'gemini',
      model: canonicalModel('gemini', reply.modelVersion),
      ...tokens({
        input: prompt - cached + count(usage?.toolUsePromptTokenCount),
        cached,
        output: count(usage?.candidatesTokenCount) + thoughts,
        reasoning: thoughts,
      }),
    };
  },
};
