import type { Provider, UsageEventInput } from '@spendscope/contracts';
import type { AppContext } from '../context.ts';
import { getUser, upsertUser } from '../db/users.ts';
import { ingestBatch } from '../domain/ingest.ts';
import { lastPeriods, localDateOf, periodBounds } from '../domain/periods.ts';
import { randomCall } from './calls.ts';
import { seededRandom } from './random.ts';
import { DEMO_ADMIN, DEMO_USERS, type DemoUser } from './users.ts';

/** At least this many calls this month to every provider a demo user uses. */
const EVERY_PROVIDER_THIS_MONTH = 3;

const HISTORY_MONTHS = 6;
const DAY_MS = 86_400_000;

/**
 * Creates the demo users and, the first time only, six months of their history up to now, through the
 * same ingest path reports take. Alerts of past months are marked read, as a user would have.
 */
export async function seedDemo(ctx: AppContext): Promise<{ mainUserId: string; adminUserId: string }> {
  const now = ctx.clock();
  await upsertUser(ctx.db, DEMO_ADMIN, 'enterprise', now.getTime());
  for (const [index, user] of DEMO_USERS.entries()) {
    const existed = await getUser(ctx.db, user.id);
    const profile = {
      id: user.id,
      display_name: user.display_name,
      timezone: user.timezone,
      role: 'user' as const,
    };
    await upsertUser(ctx.db, profile, user.plan, now.getTime());
    if (existed) continue;
    await seedHistory(ctx, user, index + 1, now);
  }
  return { mainUserId: DEMO_USERS[0]!.id, adminUserId: DEMO_ADMIN.id };
}

async function seedHistory(ctx: AppContext, user: DemoUser, seed: number, now: Date): Promise<void> {
  const random = seededRandom(seed * 7919);
  const periods = lastPeriods(HISTORY_MONTHS, user.timezone, now);
  const current = periods[periods.length - 1]!;
  let counter = 0;
  const nextCall = (provider: Provider, at: number): UsageEventInput => ({
    ...randomCall(random, provider),
    event_id: `demo-${user.id}-${counter++}`,
    user_id: user.id,
    occurred_at: new Date(at).toISOString(),
  });
  const ingest = (events: UsageEventInput[], at: number) =>
    ingestBatch({
      db: ctx.db,
      prices: ctx.prices,
      rawEvents: events,
      defaultPlanId: user.plan,
      now: new Date(at),
    });

  const callsThisMonth = new Map<Provider, number>();
  for (const [monthIndex, period] of periods.entries()) {
    const { start, end } = periodBounds(period, user.timezone);
    const until = Math.min(end.getTime(), now.getTime());
    // Usage grows month over month, so the trend has a direction.
    const growth = 0.55 + (0.45 * (monthIndex + 1)) / HISTORY_MONTHS;
    for (let dayStart = start.getTime(); dayStart < until; dayStart += DAY_MS) {
      const dayEnd = Math.min(dayStart + DAY_MS, until);
      const share = (dayEnd - dayStart) / (end.getTime() - start.getTime());
      const events: UsageEventInput[] = [];
      // Days differ as a whole (a busy day is busy for every provider), and weekends are quieter: the
      // spread a forecast's range is made of, and the weekday pattern it learns.
      const dayFactor = weekdayFactor(dayStart, user.timezone) * (0.55 + random() * 0.9);
      for (const [provider, perMonth] of Object.entries(user.monthlyCalls) as Array<[Provider, number]>) {
        const expected = perMonth * growth * share * dayFactor * (0.85 + random() * 0.3);
        const calls = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
        for (let i = 0; i < calls; i++) {
          events.push(nextCall(provider, dayStart + random() * (dayEnd - dayStart)));
        }
        if (period === current) callsThisMonth.set(provider, (callsThisMonth.get(provider) ?? 0) + calls);
      }
      if (events.length > 0) await ingest(events, dayEnd);
    }
  }

  // Top this month up to its floor, at moments spread over the part of it already past.
  const { start } = periodBounds(current, user.timezone);
  const topUp: UsageEventInput[] = [];
  for (const provider of Object.keys(user.monthlyCalls) as Provider[]) {
    const floor = Math.max(EVERY_PROVIDER_THIS_MONTH, user.thisMonthAtLeast[provider] ?? 0);
    for (let made = callsThisMonth.get(provider) ?? 0; made < floor; made++) {
      topUp.push(nextCall(provider, start.getTime() + random() * (now.getTime() - start.getTime())));
    }
  }
  if (topUp.length > 0) await ingest(topUp, now.getTime());

  await ctx.db
    .updateTable('alerts')
    .set((eb) => ({ read_at: eb.ref('created_at') }))
    .where('user_id', '=', user.id)
    .where('billing_period', '<', current)
    .execute();
}

/** Weekdays 1.1, weekends 0.75 (averaging about 1 over a week), by the user's local day. */
function weekdayFactor(instantMs: number, timezone: string): number {
  const weekday = new Date(`${localDateOf(instantMs, timezone)}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 ? 0.75 : 1.1;
}
