import { geminiRequestSchema } from '@spendscope/contracts';
import { describeZodError } from '../errors.ts';
import {
  count,
  type GatewayErrorStatus,
  type MeteredUsage,
  modelName,
  type ProviderFormat,
  parseJson,
  type ReplyFacts,
  record,
} from './types.ts';

const STATUSES: Record<GatewayErrorStatus, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Gemini's `usageMetadata`: `promptTokenCount` includes the cached part (`cachedContentTokenCount`)
 * and leaves out tool-use prompts; thinking (`thoughtsTokenCount`) is billed as output beside
 * `candidatesTokenCount`.
 */
export function geminiUsage(value: unknown): MeteredUsage | undefined {
  const usage = record(value);
  if (!usage) return undefined;
  const prompt = count(usage.promptTokenCount) + count(usage.toolUsePromptTokenCount);
  const cached = Math.min(prompt, count(usage.cachedContentTokenCount));
  const thoughts = count(usage.thoughtsTokenCount);
  return {
    input_tokens: prompt - cached,
    output_tokens: count(usage.candidatesTokenCount) + thoughts,
    cached_tokens: cached,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: thoughts,
  };
}

function factsOf(value: unknown): ReplyFacts {
  const reply = record(value);
  const usage = geminiUsage(reply?.usageMetadata);
  const model = modelName(reply?.modelVersion);
  return { ...(usage ? { usage } : {}), ...(model ? { model } : {}) };
}

/** Gemini's generateContent and streamGenerateContent; the model is in the path. */
export const geminiFormat: ProviderFormat = {
  provider: 'gemini',
  prepare({ path, body, raw, model, defaultMaxOutput }) {
    const parsed = geminiRequestSchema.safeParse(body);
    if (!parsed.success) return describeZodError(parsed.error, 'body');
    return {
      model: model ?? 'gemini-default',
      endpoint: path,
      maxOutputTokens: parsed.data.generationConfig?.maxOutputTokens ?? defaultMaxOutput,
      upstreamBody: raw,
      stripsUsageChunk: false,
    };
  },
  factsOfBody(body) {
    // Without `alt=sse` a stream arrives as one JSON array of replies: the last carries the totals.
    if (Array.isArray(body)) {
      const facts: ReplyFacts = {};
      for (const item of body) Object.assign(facts, factsOf(item));
      return facts;
    }
    return factsOf(body);
  },
  streamReader() {
    let facts: ReplyFacts = {};
    return {
      onEvent(event) {
        facts = { ...facts, ...factsOf(parseJson(event.data)) };
        return event;
      },
      facts: () => facts,
    };
  },
  errorBody(status, message) {
    return { error: { code: status, message, status: STATUSES[status] } };
  },
};
