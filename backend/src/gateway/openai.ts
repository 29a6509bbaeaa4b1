import { openaiRequestSchema } from '@spendscope/contracts';
import { describeZodError } from '../errors.ts';
import {
  count,
  type GatewayErrorStatus,
  type MeteredUsage,
  modelName,
  type PreparedCall,
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
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'server_error',
  502: 'server_error',
  503: 'server_error',
  504: 'timeout_error',
};

/** Endpoints that stream Chat-Completions-style chunks, where usage needs `stream_options`. */
const CHUNKED_ENDPOINTS = new Set(['/v1/chat/completions', '/v1/completions']);

/**
 * Usage in OpenAI's spelling (Chat Completions and Embeddings: prompt/completion; Responses:
 * input/output), where input and output include their cached and reasoning parts.
 */
export function openaiUsage(value: unknown): MeteredUsage | undefined {
  const usage = record(value);
  if (!usage) return undefined;
  const input = count(usage.prompt_tokens ?? usage.input_tokens);
  const output = count(usage.completion_tokens ?? usage.output_tokens);
  const inputDetails = record(usage.prompt_tokens_details ?? usage.input_tokens_details);
  const outputDetails = record(usage.completion_tokens_details ?? usage.output_tokens_details);
  const cached = Math.min(input, count(inputDetails?.cached_tokens));
  return {
    input_tokens: input - cached,
    output_tokens: output,
    cached_tokens: cached,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: Math.min(output, count(outputDetails?.reasoning_tokens)),
  };
}

/** Facts of one reply object: a completion, a Responses `response`, or an embeddings list. */
function factsOf(body: unknown): ReplyFacts {
  const reply = record(body);
  const usage = openaiUsage(reply?.usage);
  const model = modelName(reply?.model);
  return { ...(usage ? { usage } : {}), ...(model ? { model } : {}) };
}

/** A Chat Completions chunk with content, or a Responses output delta. */
function carriesOutput(chunk: Record<string, unknown>): boolean {
  if (typeof chunk.type === 'string') return chunk.type.endsWith('.delta');
  if (!Array.isArray(chunk.choices)) return false;
  return chunk.choices.some((choice) => {
    const delta = record(record(choice)?.delta);
    return typeof delta?.content === 'string' && delta.content !== '';
  });
}

/** OpenAI's wire format; Mistral's API is the same (`provider` names whose calls they are). */
export function openaiFormat(provider: 'openai' | 'mistral'): ProviderFormat {
  return {
    provider,
    prepare({ path, body, raw, defaultMaxOutput }): PreparedCall | string {
      const parsed = openaiRequestSchema.safeParse(body);
      if (!parsed.success) return describeZodError(parsed.error, 'body');
      const request = parsed.data;
      const isEmbedding = path.endsWith('/embeddings');
      const maxOutputTokens = isEmbedding
        ? 0
        : (request.max_completion_tokens ??
          request.max_tokens ??
          request.max_output_tokens ??
          defaultMaxOutput);
      // Mistral streams carry usage unasked; OpenAI's chunked streams only with include_usage.
      const addsUsage =
        provider === 'openai' &&
        request.stream === true &&
        CHUNKED_ENDPOINTS.has(path) &&
        request.stream_options?.include_usage !== true;
      const upstreamBody = addsUsage
        ? Buffer.from(
            JSON.stringify({
              ...request,
              stream_options: { ...(request.stream_options ?? {}), include_usage: true },
            }),
          )
        : raw;
      return {
        model: request.model,
        endpoint: path,
        bodyUser: request.user,
        maxOutputTokens,
        upstreamBody,
        stripsUsageChunk: addsUsage,
      };
    },
    factsOfBody: factsOf,
    streamReader(call) {
      let facts: ReplyFacts = {};
      let outputChunks = 0;
      return {
        onEvent(event) {
          if (event.data === '[DONE]') return event;
          const chunk = record(parseJson(event.data));
          if (!chunk) return event;
          // Responses streams: the reply object rides in `response` (created … completed/incomplete).
          const response = record(chunk.response);
          const found = factsOf(response ?? chunk);
          if (carriesOutput(chunk)) outputChunks += 1;
          facts = { ...facts, ...found };
          const isUsageOnly =
            found.usage !== undefined && Array.isArray(chunk.choices) && chunk.choices.length === 0;
          if (!call.stripsUsageChunk) return event;
          if (isUsageOnly) return undefined;
          // include_usage puts `"usage": null` on every chunk: the client that did not ask gets none.
          if (!('usage' in chunk) || chunk.usage !== null) return event;
          const { usage: _, ...rest } = chunk;
          return { ...event, data: JSON.stringify(rest) };
        },
        facts: () => ({ ...facts, outputChunks }),
      };
    },
    errorBody(status, message, code) {
      return { error: { message, type: ERROR_TYPES[status], param: null, code: code ?? null } };
    },
  };
}
