import {
  isLlmProvider,
  type PlanLimits,
  PROVIDER_LABELS,
  type Provider,
  type UsageCheckRequest,
  type UsageCheckResponse,
} from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { getPlan } from '../db/plans.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database } from '../db/schema.ts';
import { activePlanOf } from '../db/subscriptions.ts';
import { getUser } from '../db/users.ts';
import { AppError } from '../errors.ts';
import { computeCostNano, pricedModelName } from './cost.ts';
import { type PeriodUsage, UNLIMITED } from './limits.ts';
import { dollarsToNano, nanoToDollars } from './money.ts';
import { billingPeriodOf, periodName } from './periods.ts';
import type { PriceBook } from './priceBook.ts';
import { summarizePeriod, tokensOf } from './usage.ts';
import { formatCount, formatDollars, UNTIL_NEXT_PERIOD } from './wording.ts';

type Refusal = Pick<UsageCheckResponse, 'reason' | 'reason_code'>;

/** What is left of a limit: -1 when unlimited, never below 0. */
function left(limit: number, used: number): number {
  return limit === UNLIMITED ? UNLIMITED : Math.max(0, limit - used);
}

/**
 * Whether one more call to `provider` fits the plan, by the same limits that drive usage status:
 * a provider whose call (or, for LLMs, token) limit is 0 is not included; otherwise a limit refuses
 * once it is used up or when the call's estimate would take it past the cap. Checks run in the order
 * not included → calls → tokens → cost and the first that refuses gives the reason.
 */
export function decideCheck(options: {
  provider: Provider;
  planName: string;
  period: string;
  limits: PlanLimits;
  usage: PeriodUsage;
  costSoFarNano: number;
  estimatedTokens: number;
  estimatedCostNano: number;
}): UsageCheckResponse {
  const { provider, planName, period, limits, usage, costSoFarNano } = options;
  const label = PROVIDER_LABELS[provider];
  const isLlm = isLlmProvider(provider);
  const callLimit = limits[`${provider}_calls`];
  const tokenLimit = isLlm ? limits[`${provider}_tokens`] : UNLIMITED;
  const costLimit = limits.monthly_cost;
  const callsUsed = usage.calls[provider];
  const tokensUsed = usage.tokens[provider];
  const capNano = costLimit === UNLIMITED ? UNLIMITED : dollarsToNano(costLimit);

  const remaining: UsageCheckResponse['remaining'] = {
    calls: left(callLimit, callsUsed),
    ...(isLlm ? { tokens: left(tokenLimit, tokensUsed) } : {}),
    cost: capNano === UNLIMITED ? UNLIMITED : nanoToDollars(Math.max(0, capNano - costSoFarNano)),
  };
  const refusal = firstRefusal();
  return {
    allowed: refusal === undefined,
    ...refusal,
    estimated_cost: nanoToDollars(options.estimatedCostNano),
    remaining,
  };

  function firstRefusal(): Refusal | undefined {
    const month = periodName(period);
    if (callLimit === 0 || tokenLimit === 0) {
      return {
        reason_code: 'provider_not_included',
        reason: `The ${planName} plan does not include ${label}; move to a plan that includes it to make this call.`,
      };
    }
    if (callLimit !== UNLIMITED && callsUsed >= callLimit) {
      return {
        reason_code: 'call_limit_reached',
        reason: `${formatCount(callsUsed)} of ${formatCount(callLimit)} ${label} calls are used in ${month}; the limit is reached ${UNTIL_NEXT_PERIOD}.`,
      };
    }
    if (tokenLimit !== UNLIMITED) {
      const after = tokensUsed + options.estimatedTokens;
      if (tokensUsed >= tokenLimit || after > tokenLimit) {
        return {
          reason_code: 'token_limit_reached',
          reason:
            tokensUsed >= tokenLimit
              ? `${formatCount(tokensUsed)} of ${formatCount(tokenLimit)} ${label} tokens are used in ${month}; the limit is reached ${UNTIL_NEXT_PERIOD}.`
              : `This call's estimated ${formatCount(options.estimatedTokens)} tokens exceed the ${formatCount(tokenLimit - tokensUsed)} ${label} tokens left of ${formatCount(tokenLimit)} in ${month}.`,
        };
      }
    }
    if (capNano !== UNLIMITED) {
      const after = costSoFarNano + options.estimatedCostNano;
      if (costSoFarNano >= capNano || after > capNano) {
        return {
          reason_code: 'cost_limit_reached',
          reason:
            costSoFarNano >= capNano
              ? `${formatDollars(nanoToDollars(costSoFarNano))} of the ${formatDollars(costLimit)} monthly cost cap is spent in ${month}; the cap is reached ${UNTIL_NEXT_PERIOD}.`
              : `This call's estimated ${formatDollars(nanoToDollars(options.estimatedCostNano))} exceeds the ${formatDollars(nanoToDollars(capNano - costSoFarNano))} left of the ${formatDollars(costLimit)} monthly cost cap in ${month}.`,
        };
      }
    }
    return undefined;
  }
}

/**
 * Answers "may this user make this call?" from the user's plan and the rollups of their current
 * period, pricing the estimate with the version in effect now. A user never seen yet is judged on
 * the default plan with nothing used (and is not created: only a report creates users).
 */
export async function checkUsage(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  request: UsageCheckRequest;
  defaultPlanId: string;
  now: Date;
}): Promise<UsageCheckResponse> {
  const { db, prices, request, now } = options;
  const [user, activePlan] = await Promise.all([
    getUser(db, request.user_id),
    activePlanOf(db, request.user_id),
    prices.refresh(),
  ]);
  const plan = (user && activePlan) || (await getPlan(db, options.defaultPlanId));
  if (!plan) throw new AppError('internal_error', `plan "${options.defaultPlanId}" does not exist`);
  const period = billingPeriodOf(now.getTime(), user?.timezone ?? 'UTC');
  const totals = summarizePeriod(user ? await providerTotals(db, [{ userId: user.id, period }]) : []);

  return decideCheck({
    provider: request.provider,
    planName: plan.name,
    period,
    limits: plan.limits,
    usage: totals.usage,
    costSoFarNano: totals.costNano,
    ...estimateCheckedCall(prices, request, now),
  });
}

/**
 * The tokens and cost a checked call is estimated at: its units priced with the version in effect
 * `now`, exactly like a report (a search, crawl or image call that names no count counts as one); an
 * unpriced model costs 0.
 */
export function estimateCheckedCall(
  prices: PriceBook,
  request: UsageCheckRequest,
  now: Date,
): { estimatedTokens: number; estimatedCostNano: number } {
  const units = {
    provider: request.provider,
    input_tokens: request.input_tokens ?? 0,
    output_tokens: request.output_tokens ?? 0,
    cached_tokens: request.cached_tokens ?? 0,
    cache_write_tokens: request.cache_write_tokens ?? 0,
    searches: request.searches,
    pages: request.pages,
    images: request.images,
  };
  const price = prices.find(
    request.provider,
    pricedModelName(request.provider, request.model),
    now.getTime(),
  );
  return {
    estimatedTokens: tokensOf(units),
    estimatedCostNano: price ? computeCostNano(units, price) : 0,
  };
}
