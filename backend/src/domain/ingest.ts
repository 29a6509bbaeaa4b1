import type { UsageAlert, UsageBatchResponse } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { type EventWriter, queryEventWriter } from '../db/eventWriter.ts';
import { settleReservations } from '../db/reservations.ts';
import type { Database } from '../db/schema.ts';
import { createUsers, findUsers } from '../db/users.ts';
import {
  type CheckedReport,
  checkReport,
  type PreparedEvent,
  RollupDeltas,
  storedEventOf,
  type TouchedPeriod,
  touchedBy,
} from './ingestRows.ts';
import type { DueAlerts, KnownAlerts } from './knownAlerts.ts';
import { holdUnderCeiling } from './periodCeiling.ts';
import type { PriceBook } from './priceBook.ts';
import { raiseAlerts } from './raiseAlerts.ts';

export type { TouchedPeriod } from './ingestRows.ts';

export type IngestResult = UsageBatchResponse & { touched: TouchedPeriod[]; newAlerts: UsageAlert[] };

/** Results of reports stored together, and every alert found due (all stored once committed). */
export type StoredReports = { results: IngestResult[]; due: DueAlerts };

/** A checked report waiting to be stored, with the time it was received. */
export type PendingReport = { checked: CheckedReport; now: Date };

/**
 * Stores a batch of reported provider calls in one transaction: new users are created on the default
 * plan, each call is priced with the version in effect when it happened, added to the rollups, and
 * alerts are raised for every threshold now reached. An event_id already stored is a duplicate and
 * counts nothing. One invalid event is rejected on its own; the rest are stored.
 */
export async function ingestBatch(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  rawEvents: readonly unknown[];
  defaultPlanId: string;
  now: Date;
}): Promise<IngestResult> {
  const report = { checked: checkReport(options.rawEvents, options.now.getTime()), now: options.now };
  if (report.checked.events.length === 0) return resultWithoutStoring(report.checked);
  const { results } = await options.db
    .transaction()
    .execute((trx) => storeReports({ ...options, db: trx, reports: [report] }));
  return results[0]!;
}

/** The answer to a report with nothing to store. */
export function resultWithoutStoring(checked: CheckedReport): IngestResult {
  return {
    accepted: 0,
    duplicates: checked.duplicates,
    rejected: checked.rejected,
    touched: [],
    newAlerts: [],
  };
}

/**
 * Stores several checked reports inside the caller's transaction, as if one after another: an event_id
 * in an earlier report (or already stored) is a duplicate in a later one, and each new alert is
 * credited to the first report that touched its period. Returns one result per report, in order.
 */
export async function storeReports(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  reports: readonly PendingReport[];
  defaultPlanId: string;
  /** How rows are written (default: Kysely statements, any dialect). */
  writer?: EventWriter;
  /** Alerts known to be stored, not inserted again. */
  knownAlerts?: KnownAlerts;
}): Promise<StoredReports> {
  const { db, prices, reports } = options;
  const writer = options.writer ?? queryEventWriter;
  await prices.refresh(db);
  const userIds = [...new Set(reports.flatMap((r) => r.checked.events.map((e) => e.user_id)))];
  let users = await findUsers(db, userIds);
  // Sorted, so concurrent PostgreSQL transactions creating the same users lock them in one order.
  const unknown = userIds.filter((id) => !users.has(id)).sort();
  if (unknown.length > 0) {
    await createUsers(db, unknown, options.defaultPlanId, reports[0]!.now.getTime());
    users = await findUsers(db, userIds);
  }

  const seen = new Set<string>();
  const priced = reports.map((report) => {
    const receivedAt = report.now.getTime();
    const events: Array<{ event: PreparedEvent; index: number }> = [];
    let duplicates = report.checked.duplicates;
    report.checked.events.forEach((event, i) => {
      if (seen.has(event.event_id)) {
        duplicates++;
        return;
      }
      seen.add(event.event_id);
      const timezone = users.get(event.user_id)?.timezone ?? 'UTC';
      events.push({
        event: storedEventOf(event, {
          timezone,
          receivedAt,
          priceOf: (p, m, at) => prices.resolve(p, m, at),
        }),
        index: report.checked.indexes[i]!,
      });
    });
    return { report, events, duplicates };
  });
  const stored = await holdUnderCeiling(db, userIds, priced);
  const inserted = await writer.insertNewEvents(
    db,
    stored.flatMap((s) => s.events.map((e) => e.row)),
  );
  const deltas = new RollupDeltas();
  const results = stored.map(({ report, events, duplicates, refused }): IngestResult => {
    const fresh = events.filter((e) => inserted.has(e.row.event_id));
    for (const event of fresh) deltas.add(event);
    return {
      accepted: fresh.length,
      duplicates: duplicates + events.length - fresh.length,
      rejected:
        refused.length === 0
          ? report.checked.rejected
          : [...report.checked.rejected, ...refused].sort((a, b) => a.index - b.index),
      touched: touchedBy(fresh),
      newAlerts: [],
    };
  });
  await writer.addToRollups(db, deltas.list());
  await writer.addToPeriodTotals(db, deltas.periodTotals());
  await settleReservationsOf(
    db,
    stored.flatMap((s) => s.events.filter((e) => inserted.has(e.row.event_id))),
    reports[reports.length - 1]!.now.getTime(),
  );

  const allTouched = touchedBy(stored.flatMap((s) => s.events.filter((e) => inserted.has(e.row.event_id))));
  const due: DueAlerts = [];
  const alerts = await raiseAlerts(db, allTouched, reports[reports.length - 1]!.now.getTime(), {
    ...(options.knownAlerts ? { known: options.knownAlerts } : {}),
    due,
    readTotals: writer.periodTotals,
  });
  for (const alert of alerts) {
    const owner = results.find((r) =>
      r.touched.some((t) => t.userId === alert.user_id && t.period === alert.billing_period),
    );
    (owner ?? results[0]!).newAlerts.push(alert);
  }
  return { results, due };
}

/**
 * Settles the reservations the stored events were made under, in the transaction that stores them:
 * only events inserted now (a duplicate settles nothing), each reservation once, by its own user's
 * event. An unknown or expired id settles nothing.
 */
async function settleReservationsOf(db: Kysely<Database>, fresh: readonly PreparedEvent[], nowMs: number) {
  const claims = fresh.flatMap((e) =>
    e.reservationId === undefined ? [] : [{ reservationId: e.reservationId, userId: e.row.user_id }],
  );
  if (claims.length > 0) await settleReservations(db, claims, nowMs);
}
