import type { APIPricing, CreatePricingRequest, Provider } from '@spendscope/contracts';
import { createPricingRequestSchema } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { insertPrice, loadPrices } from '../db/prices.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { PriceRow } from './cost.ts';
import { dollarsToPico, picoToDollars } from './money.ts';

type StoredPrice = PriceRow & { description: string | null };

function toApiPricing(row: StoredPrice, effectiveTo: number | null): APIPricing {
  return {
    id: row.id,
    provider: row.provider,
    model_name: row.model,
    cost_per_input_token: picoToDollars(row.input_pico),
    cost_per_output_token: picoToDollars(row.output_pico),
    ...(row.cached_pico !== null ? { cost_per_cached_token: picoToDollars(row.cached_pico) } : {}),
    cost_per_request: picoToDollars(row.request_pico),
    cost_per_search: picoToDollars(row.search_pico),
    cost_per_image: picoToDollars(row.image_pico),
    cost_per_page: picoToDollars(row.page_pico),
    ...(row.description ? { description: row.description } : {}),
    effective_from: new Date(row.effective_from).toISOString(),
    ...(effectiveTo !== null ? { effective_to: new Date(effectiveTo).toISOString() } : {}),
  };
}

/**
 * The price of every model in effect at `now`, each with the time it stops applying when a newer
 * version is already scheduled.
 */
export async function pricingInEffect(options: {
  db: Kysely<Database>;
  provider?: Provider | undefined;
  now: Date;
}): Promise<APIPricing[]> {
  const rows = (await loadPrices(options.db)).filter(
    (r) => !options.provider || r.provider === options.provider,
  );
  const at = options.now.getTime();
  const byModel = new Map<string, StoredPrice[]>();
  for (const row of rows) {
    const key = `${row.provider}|${row.model}`;
    byModel.set(key, [...(byModel.get(key) ?? []), row]);
  }
  const result: APIPricing[] = [];
  for (const versions of byModel.values()) {
    versions.sort((a, b) => a.effective_from - b.effective_from);
    const currentIndex = versions.findLastIndex((v) => v.effective_from <= at);
    const current = versions[currentIndex];
    if (!current) continue;
    const next = versions[currentIndex + 1];
    const end = next ? next.effective_from : current.effective_to;
    if (end !== null && end <= at) continue;
    result.push(toApiPricing(current, end));
  }
  return result.sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.model_name.localeCompare(b.model_name),
  );
}

/** Adds a price version from dollars per unit; calls before its start keep the price they had. */
export async function addPriceVersion(options: {
  db: Kysely<Database>;
  request: CreatePricingRequest;
  now: Date;
}): Promise<APIPricing> {
  const body = createPricingRequestSchema.parse(options.request);
  const effectiveFrom = body.effective_from ? Date.parse(body.effective_from) : options.now.getTime();
  const price = {
    provider: body.provider,
    model: body.model_name,
    input_pico: dollarsToPico(body.cost_per_input_token),
    output_pico: dollarsToPico(body.cost_per_output_token),
    cached_pico: body.cost_per_cached_token === undefined ? null : dollarsToPico(body.cost_per_cached_token),
    request_pico: dollarsToPico(body.cost_per_request),
    search_pico: dollarsToPico(body.cost_per_search),
    image_pico: dollarsToPico(body.cost_per_image),
    page_pico: dollarsToPico(body.cost_per_page),
    description: body.description,
    effective_from: effectiveFrom,
  };
  const clash = await options.db
    .selectFrom('prices')
    .select('id')
    .where('provider', '=', price.provider)
    .where('model', '=', price.model)
    .where('effective_from', '=', effectiveFrom)
    .executeTakeFirst();
  if (clash) {
    throw new AppError(
      'conflict',
      `${price.model} already has a price starting ${new Date(effectiveFrom).toISOString()}`,
    );
  }
  const id = await insertPrice(options.db, price, options.now.getTime());
  return toApiPricing({ ...price, id, effective_to: null, description: body.description ?? null }, null);
}
