import type { Kysely } from 'kysely';
import type { EventWriter } from '../db/eventWriter.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { type IngestResult, type PendingReport, resultWithoutStoring, storeReports } from './ingest.ts';
import { checkReport } from './ingestRows.ts';
import { KnownAlerts } from './knownAlerts.ts';
import type { PriceBook } from './priceBook.ts';

export type IngestQueueOptions = {
  /** Stores reports in one transaction, returning one result per report (see storeReports). */
  store(reports: readonly PendingReport[]): Promise<IngestResult[]>;
  /** Transactions run at once (SQLite: 1, it has one writer; PostgreSQL: a few). */
  maxInFlight: number;
  /** Most events stored by one transaction; reports beyond wait for the next (default 20,000). */
  maxEventsPerTransaction?: number;
  /**
   * Most events accepted and not yet stored (default 50,000, some 60 MB of parsed reports): past it a
   * report is refused with 503 and Retry-After, which reporting clients retry, instead of memory growing
   * without bound while the database falls behind.
   */
  maxPendingEvents?: number;
};

/** The queue over a database: each group is stored by storeReports in a transaction of its own. */
export function createIngestQueue(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  defaultPlanId: string;
  maxInFlight: number;
  writer?: EventWriter;
}): IngestQueue {
  const { db, prices, defaultPlanId, writer } = options;
  const knownAlerts = new KnownAlerts();
  return new IngestQueue({
    maxInFlight: options.maxInFlight,
    async store(reports) {
      const stored = await db.transaction().execute((trx) =>
        storeReports({
          db: trx,
          prices,
          defaultPlanId,
          reports,
          knownAlerts,
          ...(writer ? { writer } : {}),
        }),
      );
      for (const { userId, period, names } of stored.due) knownAlerts.remember(userId, period, names);
      return stored.results;
    },
  });
}

type Waiting = PendingReport & {
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
};

/**
 * Stores reports with group commit: reports that arrive while a transaction is running are stored
 * together by the next one, and each is answered when that transaction has committed. Per event the
 * database then writes index pages and commits far less often, and alerts are evaluated once per
 * user and period for the whole group. Meaning is kept: reports are applied in arrival order, an
 * event_id is counted once, each alert is created once and credited to one report. If a group's
 * transaction fails, each of its reports is retried alone, so a failure answers only its own report.
 */
export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private isScheduled = false;
  private readonly maxEvents: number;
  private readonly maxPendingEvents: number;
  private pendingEvents = 0;

  constructor(private readonly options: IngestQueueOptions) {
    this.maxEvents = options.maxEventsPerTransaction ?? 20_000;
    this.maxPendingEvents = options.maxPendingEvents ?? 50_000;
  }

  /** Checks a report's events and stores the valid ones; resolves after the commit. */
  submit(rawEvents: readonly unknown[], now: Date): Promise<IngestResult> {
    if (this.pendingEvents > 0 && this.pendingEvents + rawEvents.length > this.maxPendingEvents) {
      return Promise.reject(
        new AppError(
          'unavailable',
          'the server is busy storing earlier reports; send this one again shortly',
          {
            'retry-after': '1',
          },
        ),
      );
    }
    const checked = checkReport(rawEvents, now.getTime());
    if (checked.events.length === 0) return Promise.resolve(resultWithoutStoring(checked));
    const events = checked.events.length;
    this.pendingEvents += events;
    return new Promise<IngestResult>((resolve, reject) => {
      this.waiting.push({ checked, now, resolve, reject });
      this.schedule();
    }).finally(() => {
      this.pendingEvents -= events;
    });
  }

  /** Reports accepted but not yet answered. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.isScheduled || this.inFlight >= this.options.maxInFlight) return;
    this.isScheduled = true;
    // After the I/O of this turn of the event loop, so requests that arrived together go together.
    setImmediate(() => {
      this.isScheduled = false;
      this.startNext();
    });
  }

  private startNext(): void {
    while (this.waiting.length > 0 && this.inFlight < this.options.maxInFlight) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.store(group).finally(() => {
        this.inFlight--;
        if (this.waiting.length > 0) this.schedule();
      });
    }
  }

  private takeGroup(): Waiting[] {
    let events = 0;
    let count = 0;
    for (const report of this.waiting) {
      if (count > 0 && events + report.checked.events.length > this.maxEvents) break;
      events += report.checked.events.length;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async store(group: Waiting[]): Promise<void> {
    try {
      const results = await this.options.store(group);
      for (const [i, report] of group.entries()) report.resolve(results[i]!);
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const report of group) {
        try {
          const [result] = await this.options.store([report]);
          report.resolve(result!);
        } catch (alone) {
          report.reject(alone);
        }
      }
    }
  }
}
