import { anthropicRequestSchema } from '@spendscope/contracts';
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

const ERROR_TYPES: Record<GatewayErrorStatus, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

/**
 * Anthropic's usage fields onto `base`: `input_tokens` is already uncached input; cache reads and
 * writes are apart; the one-hour part of the writes is in `cache_creation.ephemeral_1h_input_tokens`.
 * A field absent from `value` keeps its value in `base` (a `message_delta` may carry output only).
 */
export function anthropicUsage(value: unknown, base?: MeteredUsage): MeteredUsage | undefined {
  const usage = record(value);
  if (!usage) return base;
  const pick = (field: unknown, before: number) =>
    field === undefined || field === null ? before : count(field);
  const cacheWrite = pick(usage.cache_creation_input_tokens, base?.cache_write_tokens ?? 0);
  const creation = record(usage.cache_creation);
  const output = pick(usage.output_tokens, base?.output_tokens ?? 0);
  return {
    input_tokens: pick(usage.input_tokens, base?.input_tokens ?? 0),
    output_tokens: output,
    cached_tokens: pick(usage.cache_read_input_tokens, base?.cached_tokens ?? 0),
    cache_write_tokens: cacheWrite,
    cache_write_1h_tokens: Math.min(
      cacheWrite,
      creation ? count(creation.ephemeral_1h_input_tokens) : (base?.cache_write_1h_tokens ?? 0),
    ),
    reasoning_tokens: 0,
  };
}

/** Anthropic's Messages API. */
export const anthropicFormat: ProviderFormat = {
  provider: 'anthropic',
  prepare({ path, body, raw }) {
    const parsed = anthropicRequestSchema.safeParse(body);
    if (!parsed.success) return describeZodError(parsed.error, 'body');
    const request = parsed.data;
    return {
      model: request.model,
      endpoint: path,
      bodyUser: request.metadata?.user_id ?? undefined,
      maxOutputTokens: request.max_tokens,
      upstreamBody: raw,
      stripsUsageChunk: false,
    };
  },
  factsOfBody(body) {
    const message = record(body);
    const usage = anthropicUsage(message?.usage);
    const model = modelName(message?.model);
    return { ...(usage ? { usage } : {}), ...(model ? { model } : {}) };
  },
  streamReader() {
    let facts: ReplyFacts = {};
    return {
      onEvent(event) {
        const data = record(parseJson(event.data));
        if (data?.type === 'message_start') {
          const message = record(data.message);
          const usage = anthropicUsage(message?.usage);
          const model = modelName(message?.model);
          facts = { ...(usage ? { usage } : {}), ...(model ? { model } : {}) };
        } else if (data?.type === 'message_delta') {
          // Cumulative: the last delta holds the call's totals.
          const usage = anthropicUsage(data.usage, facts.usage);
          if (usage) facts = { ...facts, usage };
        }
        return event;
      },
      facts: () => facts,
    };
  },
  errorBody(status, message) {
    return { type: 'error', error: { type: ERROR_TYPES[status], message } };
  },
};
