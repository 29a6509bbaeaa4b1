import type { Kysely } from 'kysely';
import type { EventWriter } from '../db/eventWriter.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { type IngestResult, type PendingReport, resultWithoutStoring, storeReports } from './ingest.ts';
import { CHECK_SLICE, type CheckedReport, checkReport, checkReportInSlices } from './ingestRows.ts';
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

/** What the in-process store needs: the database and the ingest path's parts. */
export type StoreOptions = {
  db: Kysely<Database>;
  prices: PriceBook;
  defaultPlanId: string;
  writer?: EventWriter;
};

/**
 * A store over a database: each group is stored by storeReports in a transaction of its own, and the
 * alerts found due are remembered once it has committed.
 */
export function storeInTransactions(options: StoreOptions): IngestQueueOptions['store'] {
  const { db, prices, defaultPlanId, writer } = options;
  const knownAlerts = new KnownAlerts();
  return async (reports) => {
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
  };
}

/** The queue over a database, storing in this thread (see storeInTransactions). */
export function createIngestQueue(options: StoreOptions & { maxInFlight: number }): IngestQueue {
  return new IngestQueue({ maxInFlight: options.maxInFlight, store: storeInTransactions(options) });
}

/** A report in arrival order: its events are being checked until `checked` is set. */
type Waiting = {
  checked?: CheckedReport;
  now: Date;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
};

type Ready = Waiting & PendingReport;

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

  /**
   * Checks a report's events and stores the valid ones; resolves after the commit. The events are
   * checked a slice at a time (other requests go on meanwhile); the report keeps its place in arrival
   * order all the same.
   */
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
    // Counted at its full size until checked, then at its valid events.
    let events = rawEvents.length;
    this.pendingEvents += events;
    return new Promise<IngestResult>((resolve, reject) => {
      const report: Waiting = { now, resolve, reject };
      this.waiting.push(report);
      const take = (checked: CheckedReport) => {
        this.pendingEvents += checked.events.length - events;
        events = checked.events.length;
        if (checked.events.length === 0) {
          this.waiting.splice(this.waiting.indexOf(report), 1);
          resolve(resultWithoutStoring(checked));
        } else {
          report.checked = checked;
        }
        this.schedule();
      };
      // A check that fails gives up the report's place, so the reports behind it are not held up.
      const fail = (error: unknown) => {
        this.waiting.splice(this.waiting.indexOf(report), 1);
        reject(error);
        this.schedule();
      };
      // A report of one slice or less is checked at once, as it always was.
      if (rawEvents.length <= CHECK_SLICE) {
        try {
          take(checkReport(rawEvents, now.getTime()));
        } catch (error) {
          fail(error);
        }
        return;
      }
      checkReportInSlices(rawEvents, now.getTime()).then(take, fail);
    }).finally(() => {
      this.pendingEvents -= events;
    });
  }

  /** Reports accepted but not yet answered. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Transactions storing reports right now. */
  get storing(): number {
    return this.inFlight;
  }

  private schedule(): void {
    if (this.isScheduled || this.inFlight >= this.options.maxInFlight || !this.isHeadReady()) return;
    this.isScheduled = true;
    // After the I/O of this turn of the event loop, so requests that arrived together go together.
    setImmediate(() => {
      this.isScheduled = false;
      this.startNext();
    });
  }

  /** Whether the oldest report waiting has been checked (reports are stored in arrival order). */
  private isHeadReady(): boolean {
    return this.waiting[0]?.checked !== undefined;
  }

  private startNext(): void {
    while (this.isHeadReady() && this.inFlight < this.options.maxInFlight) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.store(group).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** The checked reports at the head of the queue, up to the event cap (at least one). */
  private takeGroup(): Ready[] {
    let events = 0;
    let count = 0;
    for (const report of this.waiting) {
      if (!report.checked) break;
      if (count > 0 && events + report.checked.events.length > this.maxEvents) break;
      events += report.checked.events.length;
      count++;
    }
    return this.waiting.splice(0, count) as Ready[];
  }

  private async store(group: Ready[]): Promise<void> {
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
