import { isLlmProvider, type Provider, type ProviderDetails } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { type DetailTotals, providerDetailTotals } from '../db/providerDetails.ts';
import type { Database } from '../db/schema.ts';
import { forecastPeriod } from './forecast.ts';
import { forecastHistory } from './forecastHistory.ts';
import { nanoToDollars } from './money.ts';
import { datesOfPeriod, localDateOf } from './periods.ts';
import { providerForecastOf, seriesOf } from './projections.ts';
import { tokensOf } from './usage.ts';
import { loadUserAndPlan, periodOrCurrent } from './usageStats.ts';

/**
 * One provider's drill-down for a period: per model (most expensive first) with cost per 1K tokens
 * for LLMs and cost per call, and a daily series from the 1st up to today (or the whole month for a
 * past period), zero-filled.
 */
export function buildProviderDetails(options: {
  userId: string;
  provider: Provider;
  period: string;
  /** The user's local date now, `YYYY-MM-DD`. */
  today: string;
  models: readonly DetailTotals[];
  days: readonly DetailTotals[];
}): ProviderDetails {
  const { provider, period, today } = options;
  const isLlm = isLlmProvider(provider);
  const models = options.models
    .map((m) => {
      const tokens = tokensOf(m);
      return {
        model: m.key,
        calls: m.calls,
        errors: m.errors,
        input_tokens: m.input_tokens,
        output_tokens: m.output_tokens,
        cached_tokens: m.cached_tokens,
        cache_write_tokens: m.cache_write_tokens,
        cache_write_1h_tokens: m.cache_write_1h_tokens,
        reasoning_tokens: m.reasoning_tokens,
        tokens,
        cost: nanoToDollars(m.cost_nano),
        ...(isLlm && tokens > 0 ? { cost_per_1k_tokens: nanoToDollars((m.cost_nano * 1000) / tokens) } : {}),
        cost_per_request: m.calls > 0 ? nanoToDollars(m.cost_nano / m.calls) : 0,
        avg_response_time:
          m.response_time_count > 0 ? Math.round((m.response_time_sum / m.response_time_count) * 10) / 10 : 0,
        unpriced_calls: m.unpriced_calls,
        costNano: m.cost_nano,
      };
    })
    .sort((a, b) => b.costNano - a.costNano || b.calls - a.calls || a.model.localeCompare(b.model))
    .map(({ costNano: _costNano, ...model }) => model);

  const byDay = new Map(options.days.map((d) => [d.key, d]));
  const lastShown = [today, ...byDay.keys()].sort().at(-1) ?? today;
  const daily = datesOfPeriod(period)
    .filter((date) => date <= lastShown)
    .map((date) => {
      const d = byDay.get(date);
      return {
        date,
        calls: d?.calls ?? 0,
        tokens: d ? tokensOf(d) : 0,
        cost: nanoToDollars(d?.cost_nano ?? 0),
      };
    });

  let costNano = 0;
  for (const m of options.models) costNano += m.cost_nano;
  return {
    user_id: options.userId,
    provider,
    billing_period: period,
    calls: models.reduce((sum, m) => sum + m.calls, 0),
    tokens: models.reduce((sum, m) => sum + m.tokens, 0),
    cost: nanoToDollars(costNano),
    models,
    daily,
  };
}

/** The drill-down of one provider for a user's period (default: the current one), from the rollups. */
export async function getProviderDetails(options: {
  db: Kysely<Database>;
  userId: string;
  provider: Provider;
  period?: string | undefined;
  now: Date;
}): Promise<ProviderDetails> {
  const { db, userId, provider, now } = options;
  const { user } = await loadUserAndPlan(db, userId);
  const period = periodOrCurrent(user, options.period, now);
  const [models, days, history] = await Promise.all([
    providerDetailTotals(db, { userId, period, provider, by: 'model' }),
    providerDetailTotals(db, { userId, period, provider, by: 'day' }),
    forecastHistory({ db, userId, timezone: user.timezone, period, now }),
  ]);
  const details = buildProviderDetails({
    userId,
    provider,
    period,
    today: localDateOf(now.getTime(), user.timezone),
    models,
    days,
  });
  const series = seriesOf(history, (row) => (row.provider === provider ? row.cost_nano : 0));
  const forecast = forecastPeriod({ period, timezone: user.timezone, now, daily: series });
  return { ...details, forecast: providerForecastOf(provider, forecast) };
}
