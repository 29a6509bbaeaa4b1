import { z } from 'zod';
import { isoDateTimeSchema, userIdSchema } from './common.ts';
import { errorDetailSchema } from './errors.ts';
import { providerSchema } from './providers.ts';

/** Most events one report may carry. */
export const MAX_BATCH_EVENTS = 5000;

const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must not be negative`)
    .max(1e10, `${what} must be at most 10,000,000,000`);

/**
 * One provider call as an app reports it. Token meaning: `input_tokens` is uncached input only,
 * `cached_tokens` the cached input read from the prompt cache, `cache_write_tokens` the input written
 * to the prompt cache (apart from both), `cache_write_1h_tokens` the part of the cache writes made
 * with a one-hour lifetime, `output_tokens` every billed output token (reasoning included),
 * `reasoning_tokens` the reasoning part of the output.
 */
export const usageEventSchema = z
  .object({
    /** The client's idempotency key: the same id is counted once, however often it is sent. */
    event_id: z
      .string()
      .min(1, 'event_id must not be empty')
      .max(128, 'event_id must be at most 128 characters'),
    user_id: userIdSchema,
    provider: providerSchema,
    /** Absent: the provider's `<provider>-default` price applies. */
    model: z.string().min(1).max(128).optional(),
    endpoint: z.string().max(256).optional(),
    input_tokens: count('input_tokens').default(0),
    output_tokens: count('output_tokens').default(0),
    cached_tokens: count('cached_tokens').default(0),
    cache_write_tokens: count('cache_write_tokens').default(0),
    cache_write_1h_tokens: count('cache_write_1h_tokens').default(0),
    reasoning_tokens: count('reasoning_tokens').default(0),
    searches: count('searches').optional(),
    pages: count('pages').optional(),
    images: count('images').optional(),
    response_time_ms: z.number().min(0).max(86_400_000).optional(),
    status_code: z.number().int().min(100).max(599).default(200),
    error: z.string().max(2000).optional(),
    /** When the call happened; default: when the server received it. */
    occurred_at: isoDateTimeSchema.optional(),
  })
  .strict()
  .refine((e) => e.reasoning_tokens <= e.output_tokens, {
    message: 'reasoning_tokens is part of output_tokens and cannot exceed it',
    path: ['reasoning_tokens'],
  })
  .refine((e) => e.cache_write_1h_tokens <= e.cache_write_tokens, {
    message: 'cache_write_1h_tokens is part of cache_write_tokens and cannot exceed it',
    path: ['cache_write_1h_tokens'],
  });
export type UsageEvent = z.output<typeof usageEventSchema>;
export type UsageEventInput = z.input<typeof usageEventSchema>;

/** The envelope of a report; each event is checked on its own so one bad event does not sink the rest. */
export const usageBatchSchema = z
  .object({
    events: z
      .array(z.unknown(), { error: 'events must be an array of usage events' })
      .min(1, 'events must hold at least one event'),
  })
  .strict();

export const rejectedEventSchema = z.object({ index: z.number().int().min(0), error: errorDetailSchema });

/** The reply to a report, sent after the events are committed. */
export const usageBatchResponseSchema = z.object({
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  rejected: z.array(rejectedEventSchema),
});
export type UsageBatchResponse = z.infer<typeof usageBatchResponseSchema>;

export const usageCheckRequestSchema = z
  .object({
    user_id: userIdSchema,
    provider: providerSchema,
    model: z.string().min(1).max(128).optional(),
    input_tokens: count('input_tokens').optional(),
    output_tokens: count('output_tokens').optional(),
    cached_tokens: count('cached_tokens').optional(),
    cache_write_tokens: count('cache_write_tokens').optional(),
    searches: count('searches').optional(),
    pages: count('pages').optional(),
    images: count('images').optional(),
  })
  .strict();
export type UsageCheckRequest = z.infer<typeof usageCheckRequestSchema>;

export const checkRefusalSchema = z.enum([
  'provider_not_included',
  'call_limit_reached',
  'token_limit_reached',
  'cost_limit_reached',
]);

/** What is left this period; -1 means unlimited. */
export const remainingQuotaSchema = z.object({
  calls: z.number(),
  tokens: z.number().optional(),
  /** Dollars. */
  cost: z.number(),
});

export const usageCheckResponseSchema = z.object({
  allowed: z.boolean(),
  reason: z.string().optional(),
  reason_code: checkRefusalSchema.optional(),
  /** The estimated cost of the call, in dollars. */
  estimated_cost: z.number().min(0),
  remaining: remainingQuotaSchema,
});
export type UsageCheckResponse = z.infer<typeof usageCheckResponseSchema>;
