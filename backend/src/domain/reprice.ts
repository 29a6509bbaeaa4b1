import type { Provider, RepriceRequest, RepriceResponse } from '@spendscope/contracts';
import { repriceRequestSchema } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { serializeAlertChecks } from '../db/alerts.ts';
import { emptyDelta, emptyPeriodDelta, type PeriodDelta, type RollupDelta } from '../db/events.ts';
import { type EventWriter, queryEventWriter } from '../db/eventWriter.ts';
import { type PricedEvent, pricedEventsPage, setEventPrice, usersWithEvents } from '../db/repriceRows.ts';
import type { Database } from '../db/schema.ts';
import { getUser } from '../db/users.ts';
import { computeCostNano } from './cost.ts';
import { nanoToDollars } from './money.ts';
import { localDateOf } from './periods.ts';
import type { PriceBook } from './priceBook.ts';
import { raiseAlerts } from './raiseAlerts.ts';

/** Events read per query while re-pricing; memory stays flat however large the period. */
const REPRICE_CHUNK = 2000;

/** What re-pricing changed (or would change) for one user and provider of the period. */
export type RepriceLine = {
  user_id: string;
  provider: string;
  /** Events whose cost, price version or match changed. */
  changed_events: number;
  /** Events unpriced before that are priced now. */
  newly_priced: number;
  /** Events priced before that no price matches now. */
  newly_unpriced: number;
  cost_before_nano: number;
  cost_after_nano: number;
};

export type RepriceResult = { period: string; dryRun: boolean; lines: RepriceLine[]; users: number };

/**
 * Prices every event of `period` (of one user, or of all) again with the price table as it is now,
 * in one transaction per user × period: each changed event gets its new cost, price version and
 * match, and the rollups and period totals move by exactly the difference, so `npm run verify` stays
 * clean; alerts now due (a cost threshold crossed) are raised. Usage itself is never changed. With
 * `dryRun`, nothing is written and the lines say what would change.
 */
export async function repricePeriod(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  period: string;
  userId?: string | undefined;
  dryRun: boolean;
  now: Date;
  writer?: EventWriter;
}): Promise<RepriceResult & { touched: Array<{ userId: string; period: string }> }> {
  const { db, prices, period } = options;
  const writer = options.writer ?? queryEventWriter;
  await prices.refresh(db);
  const users = await usersWithEvents(db, period, options.userId);
  const lines: RepriceLine[] = [];
  const touched: Array<{ userId: string; period: string }> = [];
  for (const userId of users) {
    const run = async (trx: Kysely<Database>) => {
      await serializeAlertChecks(trx, [userId]);
      const timezone = (await getUser(trx, userId))?.timezone ?? 'UTC';
      const userLines = new Map<string, RepriceLine>();
      const deltas = new Map<string, RollupDelta>();
      for (let afterId = 0; ; ) {
        const page = await pricedEventsPage(trx, { userId, period, afterId, limit: REPRICE_CHUNK });
        for (const event of page) {
          const next = priceAgain(prices, event);
          const line = lineOf(userLines, userId, event.provider);
          line.cost_before_nano += event.cost_nano;
          line.cost_after_nano += next.cost_nano;
          if (
            next.cost_nano === event.cost_nano &&
            next.price_id === event.price_id &&
            next.price_match === event.price_match
          ) {
            continue;
          }
          line.changed_events++;
          if (event.price_id === null && next.price_id !== null) line.newly_priced++;
          if (event.price_id !== null && next.price_id === null) line.newly_unpriced++;
          if (options.dryRun) continue;
          await setEventPrice(trx, event.id, next);
          const day = localDateOf(event.occurred_at, timezone);
          const key = `${day}\u0000${event.provider}\u0000${event.model}`;
          let delta = deltas.get(key);
          if (!delta) {
            delta = emptyDelta({
              user_id: userId,
              billing_period: period,
              day,
              provider: event.provider,
              model: event.model,
            });
            deltas.set(key, delta);
          }
          delta.cost_nano += next.cost_nano - event.cost_nano;
          delta.unpriced_calls += (next.price_id === null ? 1 : 0) - (event.price_id === null ? 1 : 0);
        }
        const last = page.at(-1);
        if (!last || page.length < REPRICE_CHUNK) break;
        afterId = last.id;
      }
      lines.push(...userLines.values());
      if (options.dryRun || deltas.size === 0) return;
      await writer.addToRollups(trx, [...deltas.values()]);
      await writer.addToPeriodTotals(trx, periodTotalsOf(deltas.values()));
      touched.push({ userId, period });
      await raiseAlerts(trx, [{ userId, period }], options.now.getTime(), {
        readTotals: writer.periodTotals,
      });
    };
    if (options.dryRun) await run(db);
    else await db.transaction().execute(run);
  }
  lines.sort((a, b) => a.user_id.localeCompare(b.user_id) || a.provider.localeCompare(b.provider));
  return { period, dryRun: options.dryRun, lines, users: users.length, touched };
}

/** An event's cost, price version and match by the table as it is now. */
function priceAgain(prices: PriceBook, event: PricedEvent) {
  const resolved = prices.resolve(event.provider as Provider, event.model, event.occurred_at);
  if (!resolved) return { cost_nano: 0, price_id: null, price_match: null };
  // The stored counts are the billed ones (a search API's absent count was stored as one).
  const cost = computeCostNano({ ...event, provider: event.provider as Provider }, resolved.price);
  return { cost_nano: cost, price_id: resolved.price.id, price_match: resolved.match };
}

function lineOf(lines: Map<string, RepriceLine>, userId: string, provider: string): RepriceLine {
  let line = lines.get(provider);
  if (!line) {
    line = {
      user_id: userId,
      provider,
      changed_events: 0,
      newly_priced: 0,
      newly_unpriced: 0,
      cost_before_nano: 0,
      cost_after_nano: 0,
    };
    lines.set(provider, line);
  }
  return line;
}

function periodTotalsOf(deltas: Iterable<RollupDelta>): PeriodDelta[] {
  const totals = new Map<string, PeriodDelta>();
  for (const d of deltas) {
    let total = totals.get(d.provider);
    if (!total) {
      total = emptyPeriodDelta(d);
      totals.set(d.provider, total);
    }
    total.cost_nano += d.cost_nano;
    total.unpriced_calls += d.unpriced_calls;
  }
  return [...totals.values()];
}

/** Re-pricing as the admin API runs it: the server's price book and writer, the reply in dollars. */
export async function repriceForApi(options: {
  ctx: { db: Kysely<Database>; prices: PriceBook; clock: () => Date; writer?: EventWriter };
  request: RepriceRequest;
}): Promise<{ response: RepriceResponse; touched: Array<{ userId: string; period: string }> }> {
  const body = repriceRequestSchema.parse(options.request);
  const result = await repricePeriod({
    db: options.ctx.db,
    prices: options.ctx.prices,
    period: body.period,
    userId: body.user_id,
    dryRun: body.dry_run,
    now: options.ctx.clock(),
    ...(options.ctx.writer ? { writer: options.ctx.writer } : {}),
  });
  return {
    touched: result.touched,
    response: {
      period: result.period,
      dry_run: result.dryRun,
      users: result.users,
      lines: result.lines.map((l) => ({
        user_id: l.user_id,
        provider: l.provider,
        changed_events: l.changed_events,
        newly_priced: l.newly_priced,
        newly_unpriced: l.newly_unpriced,
        cost_before: nanoToDollars(l.cost_before_nano),
        cost_after: nanoToDollars(l.cost_after_nano),
      })),
    },
  };
}
