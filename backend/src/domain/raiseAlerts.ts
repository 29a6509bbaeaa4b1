import type { UsageAlert } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { AlertCandidate } from '../db/alerts.ts';
import { insertNewAlerts, serializeAlertChecks } from '../db/alerts.ts';
import { getPlan } from '../db/plans.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database } from '../db/schema.ts';
import { activePlanIdsOf } from '../db/subscriptions.ts';
import { describeAlert, dueAlertKeys } from './alerts.ts';
import type { TouchedPeriod } from './ingestRows.ts';
import { alertNameOf, type DueAlerts, type KnownAlerts } from './knownAlerts.ts';
import { summarizePeriod } from './usage.ts';

/**
 * Raises every alert now due for the touched periods; returns only the ones created just now. With
 * `known`, alerts known to be stored are not inserted again, and every alert found due is added to
 * `due` (for the caller to remember once the transaction has committed).
 */
export async function raiseAlerts(
  db: Kysely<Database>,
  touched: readonly TouchedPeriod[],
  nowMs: number,
  options: {
    known?: KnownAlerts;
    due?: DueAlerts;
    /** How the period totals are read (default: providerTotals). */
    readTotals?: typeof providerTotals;
  } = {},
): Promise<UsageAlert[]> {
  if (touched.length === 0) return [];
  const userIds = [...new Set(touched.map((t) => t.userId))];
  await serializeAlertChecks(db, userIds);
  const totals = await (options.readTotals ?? providerTotals)(db, touched);
  const planIds = await activePlanIdsOf(db, userIds);
  const limitsByPlan = new Map<string, Awaited<ReturnType<typeof getPlan>>>();
  const totalsByPeriod = new Map<string, typeof totals>();
  for (const t of totals) {
    const key = `${t.user_id}\u0000${t.billing_period}`;
    const list = totalsByPeriod.get(key);
    if (list) list.push(t);
    else totalsByPeriod.set(key, [t]);
  }
  const candidates: AlertCandidate[] = [];
  for (const { userId, period } of touched) {
    const planId = planIds.get(userId);
    if (!planId) continue;
    if (!limitsByPlan.has(planId)) limitsByPlan.set(planId, await getPlan(db, planId));
    const plan = limitsByPlan.get(planId);
    if (!plan) continue;
    const summary = summarizePeriod(totalsByPeriod.get(`${userId}\u0000${period}`) ?? []);
    const check = {
      userId,
      period,
      usage: summary.usage,
      limits: plan.limits,
      unpricedCalls: summary.unpricedCalls,
    };
    const keys = dueAlertKeys(check);
    const names = keys.map(alertNameOf);
    // A user past a threshold finds its alert due at every report: when every alert due is known to be
    // stored, there is nothing to create (and no message to write).
    if (options.known?.hasAll(userId, period, names)) continue;
    options.due?.push({ userId, period, names });
    keys.forEach((key, i) => {
      if (!options.known?.has(userId, period, names[i]!)) candidates.push(describeAlert(key, check));
    });
  }
  return insertNewAlerts(db, candidates, nowMs);
}
