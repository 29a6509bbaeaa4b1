import { z } from 'zod';
import { MAX_TOKENS_PER_EVENT } from './bounds.ts';
import { userIdSchema } from './common.ts';

/** The LLM providers the gateway forwards to, each under `/gateway/<provider>/…`. */
export const GATEWAY_PROVIDERS = ['openai', 'mistral', 'anthropic', 'gemini'] as const;
export type GatewayProvider = (typeof GATEWAY_PROVIDERS)[number];

/** Headers the gateway reads; every `x-spendscope-*` header stays with Spendscope. */
export const GATEWAY_HEADERS = {
  key: 'x-spendscope-key',
  user: 'x-spendscope-user',
  remainingCalls: 'x-spendscope-remaining-calls',
  remainingTokens: 'x-spendscope-remaining-tokens',
  remainingCost: 'x-spendscope-remaining-cost',
} as const;

/** The prefix no forwarded header may carry. */
export const SPENDSCOPE_HEADER_PREFIX = 'x-spendscope-';

/** Spendscope's own headers on a gateway request (the rest belong to the provider). */
export const gatewayHeadersSchema = z.object({
  [GATEWAY_HEADERS.key]: z
    .string({ error: `send the ingestion key in ${GATEWAY_HEADERS.key}: sk_…` })
    .min(1, `send the ingestion key in ${GATEWAY_HEADERS.key}: sk_…`),
  [GATEWAY_HEADERS.user]: userIdSchema.optional(),
});

const tokenCount = z.number().int().min(0).max(MAX_TOKENS_PER_EVENT);

/**
 * The parts of an OpenAI-style request body (Chat Completions, Responses, Embeddings; Mistral alike)
 * the gateway reads; everything else is forwarded as sent.
 */
export const openaiRequestSchema = z.looseObject({
  model: z.string().min(1).max(128, 'model must be at most 128 characters'),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: tokenCount.nullish(),
  max_completion_tokens: tokenCount.nullish(),
  max_output_tokens: tokenCount.nullish(),
  /** The end user, when `x-spendscope-user` does not name one. */
  user: z.string().optional(),
});
export type OpenaiRequest = z.infer<typeof openaiRequestSchema>;

/** The parts of an Anthropic Messages request the gateway reads. */
export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1).max(128, 'model must be at most 128 characters'),
  max_tokens: tokenCount,
  stream: z.boolean().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

/** The parts of a Gemini generateContent request the gateway reads. */
export const geminiRequestSchema = z.looseObject({
  generationConfig: z.looseObject({ maxOutputTokens: tokenCount.optional() }).optional(),
});
export type GeminiRequest = z.infer<typeof geminiRequestSchema>;

/** `/gateway/gemini/v1beta/models/{model}:{method}` */
export const geminiParamsSchema = z.object({
  target: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,128}:(generateContent|streamGenerateContent)$/,
      'the path must end in models/{model}:generateContent or models/{model}:streamGenerateContent',
    ),
});
