import { z } from 'zod';
import { formatBound, MAX_TOKEN_PRICE_DOLLARS, MAX_UNIT_PRICE_DOLLARS } from './bounds.ts';
import { isoDateTimeSchema, requestedPeriodSchema, userIdSchema } from './common.ts';
import { providerSchema } from './providers.ts';

/** A price in dollars; the API shows dollars, the server keeps pico-dollars. */
const priceSchema = (max: number, per: string) =>
  z
    .number({ error: 'a price must be a number of dollars' })
    .min(0, 'a price must not be negative')
    .max(max, `a price must be at most $${formatBound(max)} per ${per}`);

/** Dollars per token (input, output, cached). */
const tokenPriceSchema = priceSchema(MAX_TOKEN_PRICE_DOLLARS, 'token');

/** Dollars per request, search, image or page. */
const unitPriceSchema = priceSchema(MAX_UNIT_PRICE_DOLLARS, 'unit');

/** Where a price version came from: the operator, Spendscope's own table, or `<catalog>@<version>`. */
export const priceSourceSchema = z.string();

/** How an event's model name found its price. */
export const priceMatchSchema = z.enum(['exact', 'alias', 'pattern', 'override']);
export type PriceMatch = z.infer<typeof priceMatchSchema>;

/**
 * Long-context rates: when a request's whole input (uncached + cached + cache writes) is above
 * `above_input_tokens`, these rates apply to the whole request.
 */
export const priceTierSchema = z.object({
  above_input_tokens: z.number().int().min(0),
  cost_per_input_token: z.number(),
  cost_per_output_token: z.number(),
  cost_per_cached_token: z.number().optional(),
  cost_per_cache_write_token: z.number().optional(),
  cost_per_cache_write_1h_token: z.number().optional(),
});
export type PriceTier = z.infer<typeof priceTierSchema>;

/** One version of a model's price. Prices are in dollars per unit. */
export const apiPricingSchema = z.object({
  id: z.number().int(),
  provider: providerSchema,
  model_name: z.string(),
  cost_per_input_token: z.number(),
  cost_per_output_token: z.number(),
  cost_per_cached_token: z.number().optional(),
  /** Absent: cache writes are billed at the input price. */
  cost_per_cache_write_token: z.number().optional(),
  /** Absent: one-hour cache writes are billed at the cache-write price. */
  cost_per_cache_write_1h_token: z.number().optional(),
  cost_per_request: z.number(),
  cost_per_search: z.number(),
  cost_per_image: z.number(),
  cost_per_page: z.number(),
  tiers: z.array(priceTierSchema).optional(),
  source: priceSourceSchema,
  description: z.string().optional(),
  effective_from: isoDateTimeSchema,
  effective_to: isoDateTimeSchema.optional(),
});
export type APIPricing = z.infer<typeof apiPricingSchema>;

export const pricingResponseSchema = z.object({ pricing: z.array(apiPricingSchema) });
export type PricingResponse = z.infer<typeof pricingResponseSchema>;

export const pricingQuerySchema = z.object({ provider: providerSchema.optional() }).strict();

/** An admin adds a price version; it takes effect from `effective_from` (default: now). */
export const createPricingRequestSchema = z
  .object({
    provider: providerSchema,
    model_name: z.string().min(1).max(128),
    cost_per_input_token: tokenPriceSchema.default(0),
    cost_per_output_token: tokenPriceSchema.default(0),
    cost_per_cached_token: tokenPriceSchema.optional(),
    cost_per_cache_write_token: tokenPriceSchema.optional(),
    cost_per_cache_write_1h_token: tokenPriceSchema.optional(),
    cost_per_request: unitPriceSchema.default(0),
    cost_per_search: unitPriceSchema.default(0),
    cost_per_image: unitPriceSchema.default(0),
    cost_per_page: unitPriceSchema.default(0),
    description: z.string().max(500).optional(),
    effective_from: isoDateTimeSchema.optional(),
  })
  .strict();
export type CreatePricingRequest = z.input<typeof createPricingRequestSchema>;

export const createPricingResponseSchema = z.object({ pricing: apiPricingSchema });

/** An admin prices a period's events again with the price table as it is now (all users, or one). */
export const repriceRequestSchema = z
  .object({
    period: requestedPeriodSchema,
    user_id: userIdSchema.optional(),
    /** Only show what would change. */
    dry_run: z.boolean().default(false),
  })
  .strict();
export type RepriceRequest = z.input<typeof repriceRequestSchema>;

/** What re-pricing changed (or would change) for one user and provider; costs in dollars. */
export const repriceLineSchema = z.object({
  user_id: z.string(),
  provider: z.string(),
  changed_events: z.number().int().min(0),
  newly_priced: z.number().int().min(0),
  newly_unpriced: z.number().int().min(0),
  cost_before: z.number(),
  cost_after: z.number(),
});

export const repriceResponseSchema = z.object({
  period: z.string(),
  dry_run: z.boolean(),
  users: z.number().int().min(0),
  lines: z.array(repriceLineSchema),
});
export type RepriceResponse = z.infer<typeof repriceResponseSchema>;
