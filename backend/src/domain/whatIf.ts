import type { Provider, WhatIfResponse } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { PriceRow } from '../db/prices.ts';
import { type DetailTotals, providerDetailTotals } from '../db/providerDetails.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { computeTotalsCostNano } from './cost.ts';
import { nanoToDollars } from './money.ts';
import type { PriceBook } from './priceBook.ts';
import { loadUserAndPlan, periodOrCurrent } from './usageStats.ts';

/**
 * Each model's summed usage of a provider's period, priced again under one price (another model's
 * current one), beside what it cost; most expensive actual cost first. Pure.
 */
export function repriceUnderModel(options: {
  userId: string;
  provider: Provider;
  period: string;
  model: string;
  price: PriceRow;
  models: readonly DetailTotals[];
}): WhatIfResponse {
  const { price } = options;
  let actualNano = 0;
  let whatIfNano = 0;
  const models = [...options.models]
    .sort((a, b) => b.cost_nano - a.cost_nano || a.key.localeCompare(b.key))
    .map((m) => {
      const whatIf = computeTotalsCostNano({ provider: options.provider, ...m }, price);
      actualNano += m.cost_nano;
      whatIfNano += whatIf;
      return {
        model: m.key,
        calls: m.calls,
        input_tokens: m.input_tokens,
        output_tokens: m.output_tokens,
        cached_tokens: m.cached_tokens,
        cache_write_tokens: m.cache_write_tokens,
        actual_cost: nanoToDollars(m.cost_nano),
        what_if_cost: nanoToDollars(whatIf),
        difference: nanoToDollars(whatIf - m.cost_nano),
      };
    });
  return {
    user_id: options.userId,
    provider: options.provider,
    billing_period: options.period,
    model: options.model,
    price_id: price.id,
    actual_cost: nanoToDollars(actualNano),
    what_if_cost: nanoToDollars(whatIfNano),
    difference: nanoToDollars(whatIfNano - actualNano),
    models,
  };
}

/**
 * What a provider's period (default: the current one) would have cost under `model`'s price in
 * effect now, from the period's rollups; nothing is stored. 404 when the model has no price.
 */
export async function getWhatIf(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  userId: string;
  provider: Provider;
  model: string;
  period?: string | undefined;
  now: Date;
}): Promise<WhatIfResponse> {
  const { db, prices, userId, provider, model, now } = options;
  const { user } = await loadUserAndPlan(db, userId);
  const period = periodOrCurrent(user, options.period, now);
  await prices.refresh(db);
  const price = prices.find(provider, model, now.getTime());
  if (!price) throw notFound(`a current price for ${provider} model "${model}"`);
  const models = await providerDetailTotals(db, { userId, period, provider, by: 'model' });
  return repriceUnderModel({ userId, provider, period, model, price, models });
}
