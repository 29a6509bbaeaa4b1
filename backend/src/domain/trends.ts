import { PROVIDERS, type Provider, type UsageTrends } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { ProviderTotals } from '../db/rollups.ts';
import { providerTotalsForPeriods } from '../db/rollupTotals.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { getUser } from '../db/users.ts';
import { notFound } from '../errors.ts';
import { nanoToDollars } from './money.ts';
import { lastPeriods } from './periods.ts';
import { tokensOf } from './usage.ts';

/** Months of history the trends show unless asked otherwise. */
export const DEFAULT_TREND_MONTHS = 6;

type Series = { calls: number[]; costNano: number[]; tokens: number[] };

function zeroSeries(length: number): Series {
  return {
    calls: new Array<number>(length).fill(0),
    costNano: new Array<number>(length).fill(0),
    tokens: new Array<number>(length).fill(0),
  };
}

/**
 * Trends over the given periods (oldest first) from per-period provider totals: every period and
 * every one of the nine providers appears, zero where nothing was used. Costs are summed in
 * nano-dollars and turned into dollars once.
 */
export function buildTrends(periods: readonly string[], rows: readonly ProviderTotals[]): UsageTrends {
  const indexOf = new Map(periods.map((period, i) => [period, i]));
  const total = zeroSeries(periods.length);
  const byProvider = Object.fromEntries(PROVIDERS.map((p) => [p, zeroSeries(periods.length)])) as Record<
    Provider,
    Series
  >;
  for (const row of rows) {
    const i = indexOf.get(row.billing_period);
    const series = byProvider[row.provider as Provider];
    if (i === undefined || !series) continue;
    const tokens = tokensOf(row);
    for (const target of [total, series]) {
      target.calls[i] = (target.calls[i] ?? 0) + row.calls;
      target.costNano[i] = (target.costNano[i] ?? 0) + row.cost_nano;
      target.tokens[i] = (target.tokens[i] ?? 0) + tokens;
    }
  }
  return {
    periods: [...periods],
    total_calls: total.calls,
    total_cost: total.costNano.map(nanoToDollars),
    total_tokens: total.tokens,
    provider_trends: Object.fromEntries(
      PROVIDERS.map((p) => [
        p,
        {
          calls: byProvider[p].calls,
          cost: byProvider[p].costNano.map(nanoToDollars),
          tokens: byProvider[p].tokens,
        },
      ]),
    ) as UsageTrends['provider_trends'],
  };
}

/** The last `months` calendar months of a known user, in their timezone, from the rollups. */
export async function trendsOfUser(options: {
  db: Kysely<Database>;
  user: UserRow;
  months: number;
  now: Date;
}): Promise<UsageTrends> {
  const periods = lastPeriods(options.months, options.user.timezone, options.now);
  const rows = await providerTotalsForPeriods(options.db, { periods, userId: options.user.id });
  return buildTrends(periods, rows);
}

/** UsageTrends of a user over the last `months` (1–24) calendar months, oldest first. */
export async function getUsageTrends(options: {
  db: Kysely<Database>;
  userId: string;
  months?: number | undefined;
  now: Date;
}): Promise<UsageTrends> {
  const user = await getUser(options.db, options.userId);
  if (!user) throw notFound(`user "${options.userId}"`);
  return trendsOfUser({
    db: options.db,
    user,
    months: options.months ?? DEFAULT_TREND_MONTHS,
    now: options.now,
  });
}
