import type { SubscriptionPlan, UpdatePlanRequest, UsageAlert } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { getPlan, listPlans, updatePlanTerms } from '../db/plans.ts';
import { periodsWithUsageOf } from '../db/rollups.ts';
import type { Database } from '../db/schema.ts';
import { subscribersOf } from '../db/subscriptions.ts';
import { notFound } from '../errors.ts';
import type { TouchedPeriod } from './ingestRows.ts';
import { billingPeriodOf } from './periods.ts';
import { raiseAlerts } from './raiseAlerts.ts';

const toCents = (dollars: number) => Math.round(dollars * 100);

/** Every plan on offer, in the order the plan page shows them. */
export async function plansOnOffer(options: {
  db: Kysely<Database>;
}): Promise<{ plans: SubscriptionPlan[] }> {
  return { plans: await listPlans(options.db) };
}

/**
 * Changes a plan's limits (those given; the others stay) and/or prices, then holds every subscriber's
 * current period against the new limits: alerts now due are raised, once each as always. Returns every
 * period of every subscriber as touched, since each is shown against the plan's current limits, so the
 * caller's change feed drops their cached reads and pushes fresh usage to their open dashboards.
 */
export async function updatePlan(options: {
  db: Kysely<Database>;
  planId: string;
  request: UpdatePlanRequest;
  now: Date;
}): Promise<{ plan: SubscriptionPlan; touched: TouchedPeriod[]; newAlerts: UsageAlert[] }> {
  const { db, planId, request, now } = options;
  return db.transaction().execute(async (trx) => {
    const plan = await getPlan(trx, planId);
    if (!plan) throw notFound(`plan "${planId}"`);
    const limits = { ...plan.limits };
    for (const [key, value] of Object.entries(request.limits ?? {}) as [keyof typeof limits, number][]) {
      if (value !== undefined) limits[key] = value;
    }
    await updatePlanTerms(trx, planId, {
      limits,
      price_monthly_cents: toCents(request.price_monthly ?? plan.price_monthly),
      price_yearly_cents: toCents(request.price_yearly ?? plan.price_yearly),
    });
    const subscribers = await subscribersOf(trx, planId);
    const current = subscribers.map((u) => ({
      userId: u.id,
      period: billingPeriodOf(now.getTime(), u.timezone),
    }));
    const newAlerts = await raiseAlerts(trx, current, now.getTime());
    const seen = new Set(current.map((t) => `${t.userId}\u0000${t.period}`));
    const touched = [...current];
    for (const row of await periodsWithUsageOf(
      trx,
      subscribers.map((u) => u.id),
    )) {
      const key = `${row.user_id}\u0000${row.billing_period}`;
      if (seen.has(key)) continue;
      seen.add(key);
      touched.push({ userId: row.user_id, period: row.billing_period });
    }
    return { plan: (await getPlan(trx, planId)) ?? plan, touched, newAlerts };
  });
}
