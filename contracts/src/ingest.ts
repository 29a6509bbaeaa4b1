import { z } from 'zod';
import {
  EARLIEST_OCCURRED_AT,
  EARLIEST_OCCURRED_AT_MS,
  formatBound,
  MAX_RESPONSE_TIME_MS,
  MAX_TOKENS_PER_EVENT,
  MAX_UNITS_PER_EVENT,
} from './bounds.ts';
import { isoDateTimeSchema, userIdSchema } from './common.ts';
import { errorDetailSchema } from './errors.ts';
import { providerSchema } from './providers.ts';

/** A reservation's id, as `check` with `reserve: true` hands it out. */
export const reservationIdSchema = z
  .string({ error: 'reservation_id must be a string' })
  .min(1, 'reservation_id must not be empty')
  .max(64, 'reservation_id must be at most 64 characters')
  // Ids are the server's own (`rsv_<uuid>`): anything else, a NUL or a lone surrogate included, is refused here.
  .regex(/^[A-Za-z0-9_-]+$/, 'reservation_id may hold letters, digits, _ and - only');

export const reservationParamsSchema = z.object({ reservationId: reservationIdSchema });

/** The reply to a release: whether an open reservation was released by it (false: unknown, settled, released or expired). */
export const reservationReleaseResponseSchema = z.object({
  reservation_id: z.string(),
  released: z.boolean(),
});
export type ReservationReleaseResponse = z.infer<typeof reservationReleaseResponseSchema>;

/** Most events one report may carry. */
export const MAX_BATCH_EVENTS = 5000;

/** A whole, non-negative count of at most `max` (by default a token count). */
const count = (what: string, max = MAX_TOKENS_PER_EVENT) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must not be negative`)
    .max(max, `${what} must be at most ${formatBound(max)}`);

/** Searches, pages or images of one call. */
const unitCount = (what: string) => count(what, MAX_UNITS_PER_EVENT);

/**
 * When a call happened: an ISO timestamp with an offset, not before 2000. (That it is not more than a
 * day ahead of the server's clock is checked where the clock is known: the ingest path.)
 */
export const occurredAtSchema = isoDateTimeSchema.refine(
  (value) => Date.parse(value) >= EARLIEST_OCCURRED_AT_MS,
  `occurred_at must not be before ${EARLIEST_OCCURRED_AT}`,
);

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
    searches: unitCount('searches').optional(),
    pages: unitCount('pages').optional(),
    images: unitCount('images').optional(),
    response_time_ms: z
      .number()
      .min(0, 'response_time_ms must not be negative')
      .max(MAX_RESPONSE_TIME_MS, `response_time_ms must be at most ${formatBound(MAX_RESPONSE_TIME_MS)}`)
      .optional(),
    status_code: z.number().int().min(100).max(599).default(200),
    error: z.string().max(2000).optional(),
    /** When the call happened; default: when the server received it. */
    occurred_at: occurredAtSchema.optional(),
    /**
     * The reservation this call was made under (from `check` with `reserve: true`): storing the event
     * settles it, once. An unknown or expired id settles nothing; the event is stored all the same.
     */
    reservation_id: reservationIdSchema.optional(),
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
    searches: unitCount('searches').optional(),
    pages: unitCount('pages').optional(),
    images: unitCount('images').optional(),
    /**
     * Hold the call against the user's limits until it is reported (or released, or expires): of
     * concurrent checks that reserve, only as many are allowed as the limits have room for.
     */
    reserve: z.boolean().optional(),
  })
  .strict();
export type UsageCheckRequest = z.infer<typeof usageCheckRequestSchema>;

export const checkRefusalSchema = z.enum([
  'provider_not_included',
  'call_limit_reached',
  'token_limit_reached',
  'cost_limit_reached',
]);
export type CheckRefusal = z.infer<typeof checkRefusalSchema>;

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
  /**
   * What is left this period; -1 means unlimited. With `reserve`, what is left once this call's
   * reservation is held.
   */
  remaining: remainingQuotaSchema,
  /** With `reserve` and allowed: the reservation to report the call under (`reservation_id`). */
  reservation_id: reservationIdSchema.optional(),
  /** When the reservation stops counting unless the call is reported first. */
  reservation_expires_at: isoDateTimeSchema.optional(),
});
export type UsageCheckResponse = z.infer<typeof usageCheckResponseSchema>;
