import {
  DEFAULT_USERS_PAGE,
  type MeResponse,
  type Role,
  type SubscriptionPlan,
  type UpdateUserRequest,
  type UsageAlert,
  type UserOverview,
  type UsersPage,
  userIdSchema,
} from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { syncUserEmailChannel } from '../db/channels.ts';
import { listPlans } from '../db/plans.ts';
import { type ProviderTotals, periodsWithUsage } from '../db/rollups.ts';
import { providerTotalsForPeriods } from '../db/rollupTotals.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { activePlanIdsOf, activePlanOf, moveToPlan } from '../db/subscriptions.ts';
import { getUser, updateUserFields, usersPage } from '../db/users.ts';
import { AppError, notFound } from '../errors.ts';
import { encodeKeyset, readKeyset } from './cursor.ts';
import type { TouchedPeriod } from './ingestRows.ts';
import { usagePercentages, usageStatusOf } from './limits.ts';
import { nanoToDollars } from './money.ts';
import { billingPeriodOf } from './periods.ts';
import { raiseAlerts } from './raiseAlerts.ts';
import { summarizePeriod } from './usage.ts';

/** A user's line in the operator's overview: plan, spend and status of their current period. */
export function buildUserOverview(options: {
  user: UserRow;
  plan: SubscriptionPlan;
  period: string;
  totals: readonly ProviderTotals[];
}): UserOverview {
  const { user, plan, period } = options;
  const summary = summarizePeriod(options.totals);
  return {
    id: user.id,
    display_name: user.display_name,
    timezone: user.timezone,
    role: user.role,
    ...(user.email ? { email: user.email } : {}),
    plan: { id: plan.id, name: plan.name, tier: plan.tier },
    billing_period: period,
    total_calls: summary.calls,
    total_cost: nanoToDollars(summary.costNano),
    usage_status: usageStatusOf(usagePercentages(summary.usage, plan.limits)),
  };
}

const USERS_SCOPE = 'users';

/** The id to continue after, or a 400 when the cursor is not one this list gave. */
export function decodeUsersCursor(cursor: string): string {
  const parts = readKeyset(cursor);
  if (parts?.scope !== USERS_SCOPE || !userIdSchema.safeParse(parts.key).success) {
    throw new AppError('validation_error', 'query.cursor: not a cursor from a previous page of users');
  }
  return parts.key;
}

/**
 * One page of users, in id order, with plan, spend and status of each one's current period (in their
 * own timezone), keyset-paged by id: each user appears on exactly one page, and users created while
 * paging never shift later pages. `q` keeps users whose id or display name contains it, ignoring case.
 */
export async function listUserOverviews(options: {
  db: Kysely<Database>;
  now: Date;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}): Promise<UsersPage> {
  const { db, now } = options;
  const limit = options.limit ?? DEFAULT_USERS_PAGE;
  const afterId = options.cursor === undefined ? undefined : decodeUsersCursor(options.cursor);
  const rows = await usersPage(db, { afterId, limit: limit + 1, search: options.q });
  const users = rows.slice(0, limit);
  const ids = users.map((u) => u.id);
  const [planIds, plans] = await Promise.all([activePlanIdsOf(db, ids), listPlans(db)]);
  const plansById = new Map(plans.map((p) => [p.id, p]));
  const periodOf = new Map(users.map((u) => [u.id, billingPeriodOf(now.getTime(), u.timezone)]));
  // Timezones put users in at most two or three months at once: one grouped read covers the page.
  const totals = await providerTotalsForPeriods(db, {
    periods: [...new Set(periodOf.values())],
    userIds: ids,
  });
  const totalsOf = new Map<string, ProviderTotals[]>();
  for (const row of totals) {
    if (periodOf.get(row.user_id) !== row.billing_period) continue;
    totalsOf.set(row.user_id, [...(totalsOf.get(row.user_id) ?? []), row]);
  }
  const overviews: UserOverview[] = [];
  for (const user of users) {
    const plan = plansById.get(planIds.get(user.id) ?? '');
    if (!plan) continue;
    const period = periodOf.get(user.id) ?? billingPeriodOf(now.getTime(), user.timezone);
    overviews.push(buildUserOverview({ user, plan, period, totals: totalsOf.get(user.id) ?? [] }));
  }
  const last = users.at(-1);
  return {
    users: overviews,
    ...(rows.length > limit && last ? { next_cursor: encodeKeyset(USERS_SCOPE, last.id) } : {}),
  };
}

/** The overview line of one user. */
async function overviewOf(db: Kysely<Database>, user: UserRow, now: Date): Promise<UserOverview> {
  const period = billingPeriodOf(now.getTime(), user.timezone);
  const [plan, totals] = await Promise.all([
    activePlanOf(db, user.id),
    providerTotalsForPeriods(db, { periods: [period], userId: user.id }),
  ]);
  if (!plan) throw new AppError('internal_error', `user "${user.id}" has no plan`);
  return buildUserOverview({ user, plan, period, totals });
}

/**
 * Moves a user to another plan and/or sets their timezone or name, then re-evaluates the current
 * period against the (new) limits: alerts now due are raised, once each as always. Usage already
 * stored keeps its billing period; a new timezone applies to calls reported from now on.
 */
export async function updateUser(options: {
  db: Kysely<Database>;
  userId: string;
  request: UpdateUserRequest;
  now: Date;
}): Promise<{ user: UserOverview; touched: TouchedPeriod[]; newAlerts: UsageAlert[] }> {
  const { db, userId, request, now } = options;
  return db.transaction().execute(async (trx) => {
    const existing = await getUser(trx, userId);
    if (!existing) throw notFound(`user "${userId}"`);
    if (request.plan_id !== undefined) {
      const plans = await listPlans(trx);
      if (!plans.some((p) => p.id === request.plan_id)) {
        throw new AppError(
          'validation_error',
          `body.plan_id: there is no plan "${request.plan_id}"; choose one of ${plans.map((p) => p.id).join(', ')}`,
        );
      }
      await moveToPlan(trx, userId, request.plan_id, now.getTime());
    }
    await updateUserFields(trx, userId, { timezone: request.timezone, display_name: request.display_name });
    if (request.email !== undefined) {
      // The user's own alerts are emailed to this address from now on (their implicit email channel).
      await updateUserFields(trx, userId, { email: request.email });
      await syncUserEmailChannel(trx, userId, request.email, now.getTime());
    }
    const user = (await getUser(trx, userId)) ?? existing;
    const current = { userId, period: billingPeriodOf(now.getTime(), user.timezone) };
    const newAlerts = await raiseAlerts(trx, [current], now.getTime());
    // Every period is shown against the current plan's limits, so every cached period of the user is stale.
    const otherPeriods = (await periodsWithUsage(trx, userId)).filter((period) => period !== current.period);
    const touched = [current, ...otherPeriods.map((period) => ({ userId, period }))];
    return { user: await overviewOf(trx, user, now), touched, newAlerts };
  });
}

/** A user who must exist: a 404 otherwise. */
export async function requireUser(options: { db: Kysely<Database>; userId: string }): Promise<UserRow> {
  const user = await getUser(options.db, options.userId);
  if (!user) throw notFound(`user "${options.userId}"`);
  return user;
}

/** Who the caller is, with their display name (their id when they have never been seen). */
export async function describeSignedInUser(options: {
  db: Kysely<Database>;
  principal: { userId: string; role: Role };
}): Promise<MeResponse> {
  const { userId, role } = options.principal;
  const user = await getUser(options.db, userId);
  return { user_id: userId, role, display_name: user?.display_name ?? userId };
}
