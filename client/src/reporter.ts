import {
  MAX_BATCH_EVENTS,
  type ReservationReleaseResponse,
  type UsageBatchResponse,
  type UsageCheckRequest,
  type UsageCheckResponse,
  usageEventSchema,
} from '@spendscope/contracts';
import { v7 as uuidv7 } from 'uuid';
import { checkUsage, releaseReservation } from './check.ts';
import { type Connection, type FetchLike, normalizeBaseUrl, sendBatch } from './http.ts';
import { backoffDelay, RETRY_DEFAULTS, type RetryOptions } from './retry.ts';
import { sleep, unrefTimer } from './timers.ts';
import type {
  DropReason,
  QueuedEvent,
  Rejection,
  ReportEvent,
  ReporterStats,
  ReportResult,
} from './types.ts';

export type ReporterOptions = {
  /** Where Spendscope runs, e.g. `https://spendscope.example.com`. */
  url: string;
  /** An ingestion key (`sk_…`). */
  apiKey: string;
  /** Events per request (default 100, at most 5,000). A full batch is sent at once. */
  batchSize?: number;
  /** How often a partial batch is sent, in ms (default 1,000). */
  flushIntervalMs?: number;
  /**
   * Most events held, sending included (default 10,000). When full, `report()` refuses the new event
   * (`{ queued: false, reason: 'queue_full' }`) and calls `onDrop`; queued events are never evicted.
   */
  maxQueue?: number;
  /** Per-request timeout in ms (default 10,000); a timed-out batch is resent with the same event ids. */
  requestTimeoutMs?: number;
  /** How long `close()` keeps trying to deliver, in ms (default 10,000). */
  closeTimeoutMs?: number;
  retry?: RetryOptions;
  /** The `fetch` to send with (default: the global one). */
  fetch?: FetchLike;
  /** Events that will never be counted because they are invalid (said by the server or checked here). */
  onRejected?: (rejections: Rejection[]) => void;
  /** Valid events the reporter let go of without the server confirming them, and why. */
  onDrop?: (events: QueuedEvent[], reason: DropReason) => void;
  /** Failed attempts (network errors, 5xx, 429, unreadable replies), for logging; retries follow. */
  onError?: (error: Error) => void;
  /** Source of jitter, in [0, 1) (default `Math.random`). */
  random?: () => number;
};

export type Reporter = {
  /**
   * Queues one event and returns at once; never throws. The event gets its idempotency key
   * (`event_id`, unless given) and `occurred_at` (unless given) now, so every resend carries the same ones.
   */
  report(event: ReportEvent): ReportResult;
  /** Sends everything queued so far; resolves once each of those events is stored, rejected or dropped. */
  flush(): Promise<void>;
  /** Stops the timer, refuses new events, and delivers what is queued (for at most `closeTimeoutMs`). */
  close(): Promise<void>;
  /** Asks whether a call is allowed; see `checkUsage`. */
  check(request: UsageCheckRequest): Promise<UsageCheckResponse>;
  /** Gives back a reserved call's hold (from `check` with `reserve: true`); see `releaseReservation`. */
  release(reservationId: string): Promise<ReservationReleaseResponse>;
  stats(): ReporterStats;
};

type Entry = { seq: number; event: QueuedEvent };

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  }
  return value;
}

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid event';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Creates a reporter that queues usage events and sends them to Spendscope in batches. */
export function createReporter(options: ReporterOptions): Reporter {
  if (!/^https?:\/\//.test(options.url)) throw new TypeError(`url must start with http:// or https://`);
  if (!options.apiKey) throw new TypeError('apiKey must not be empty');
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 100, MAX_BATCH_EVENTS);
  const flushIntervalMs = positiveInteger('flushIntervalMs', options.flushIntervalMs ?? 1000);
  const maxQueue = positiveInteger('maxQueue', options.maxQueue ?? 10_000);
  const closeTimeoutMs = positiveInteger('closeTimeoutMs', options.closeTimeoutMs ?? 10_000);
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const random = options.random ?? Math.random;
  const connection: Connection = {
    baseUrl: normalizeBaseUrl(options.url),
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    timeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 10_000),
  };

  // FIFO: the batch being sent is the head of the queue and leaves it only once settled, so events
  // settle in the order they were queued and `settledThrough` tells every flush how far delivery got.
  const queue: Entry[] = [];
  let lastSeq = 0;
  let settledThrough = 0;
  let drainThrough = 0;
  let pumping: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const stop = new AbortController();
  const waiters: Array<{ target: number; resolve: () => void }> = [];
  const counters = { accepted: 0, duplicates: 0, rejected: 0, dropped: 0, retries: 0, batches: 0 };

  const timer = setInterval(() => requestDrain(), flushIntervalMs);
  unrefTimer(timer);

  function safely<A extends unknown[]>(callback: ((...args: A) => void) | undefined, ...args: A) {
    try {
      callback?.(...args);
    } catch {
      // A failing callback must not stop delivery.
    }
  }

  function reject(rejections: Rejection[]) {
    if (rejections.length === 0) return;
    counters.rejected += rejections.length;
    safely(options.onRejected, rejections);
  }

  function drop(events: QueuedEvent[], reason: DropReason) {
    if (events.length === 0) return;
    counters.dropped += events.length;
    safely(options.onDrop, events, reason);
  }

  function settle(seq: number) {
    settledThrough = Math.max(settledThrough, seq);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (waiter.target <= settledThrough) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  function waitFor(target: number): Promise<void> {
    if (settledThrough >= target) return Promise.resolve();
    return new Promise((resolve) => waiters.push({ target, resolve }));
  }

  function shouldSend(): boolean {
    const head = queue[0];
    return head !== undefined && (queue.length >= batchSize || head.seq <= drainThrough);
  }

  function kick() {
    if (pumping || stop.signal.aborted || !shouldSend()) return;
    pumping = pump()
      .catch((error: unknown) =>
        safely(options.onError, error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        pumping = undefined;
        kick();
      });
  }

  function requestDrain() {
    drainThrough = lastSeq;
    kick();
  }

  function applyReply(events: QueuedEvent[], reply: UsageBatchResponse) {
    counters.accepted += reply.accepted;
    counters.duplicates += reply.duplicates;
    reject(
      reply.rejected.flatMap(({ index, error }) => {
        const event = events[index];
        return event ? [{ event, error }] : [];
      }),
    );
  }

  /** Sends one batch until it is settled; false when the reporter stopped first. */
  async function deliver(events: QueuedEvent[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await sendBatch(connection, events, stop.signal);
      switch (outcome.kind) {
        case 'answered':
          counters.batches++;
          applyReply(events, outcome.reply);
          return true;
        case 'unreadable':
          counters.batches++;
          safely(options.onError, outcome.error);
          return true;
        case 'refused':
          counters.batches++;
          reject(events.map((event) => ({ event, error: outcome.error })));
          return true;
        case 'stopped':
          return false;
        case 'retry': {
          safely(options.onError, outcome.error);
          if (attempt >= retry.maxAttempts) {
            drop(events, 'retries_exhausted');
            return true;
          }
          counters.retries++;
          const wait =
            outcome.retryAfterMs === undefined
              ? backoffDelay(attempt, retry, random)
              : Math.min(outcome.retryAfterMs, retry.maxRetryAfterMs);
          await sleep(wait, stop.signal);
          if (stop.signal.aborted) return false;
        }
      }
    }
  }

  async function pump() {
    while (!stop.signal.aborted && shouldSend()) {
      const batch = queue.slice(0, batchSize);
      const isSettled = await deliver(batch.map((entry) => entry.event));
      if (!isSettled) return;
      queue.splice(0, batch.length);
      settle(batch[batch.length - 1]!.seq);
    }
  }

  function report(input: ReportEvent): ReportResult {
    const event: QueuedEvent = {
      ...input,
      // Time-ordered (v7) ids: new ids land next to each other in the server's unique index.
      event_id: input.event_id ?? uuidv7(),
      occurred_at: input.occurred_at ?? new Date().toISOString(),
    };
    if (closing) {
      drop([event], 'closed');
      return { queued: false, event_id: event.event_id, reason: 'closed' };
    }
    const parsed = usageEventSchema.safeParse(event);
    if (!parsed.success) {
      reject([{ event, error: { code: 'validation_error', message: firstIssue(parsed.error) } }]);
      return { queued: false, event_id: event.event_id, reason: 'invalid' };
    }
    if (queue.length >= maxQueue) {
      drop([event], 'queue_full');
      return { queued: false, event_id: event.event_id, reason: 'queue_full' };
    }
    queue.push({ seq: ++lastSeq, event });
    if (queue.length >= batchSize) kick();
    return { queued: true, event_id: event.event_id };
  }

  function flush(): Promise<void> {
    const target = lastSeq;
    requestDrain();
    return waitFor(target);
  }

  async function shutDown() {
    clearInterval(timer);
    const delivered = flush();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const isLate = await new Promise<boolean>((resolve) => {
      deadline = setTimeout(() => resolve(true), closeTimeoutMs);
      void delivered.then(() => resolve(false));
    });
    clearTimeout(deadline);
    if (!isLate) return;
    stop.abort(new Error('reporter closed'));
    await pumping;
    drop(
      queue.splice(0).map((entry) => entry.event),
      'close_timeout',
    );
    settle(lastSeq);
  }

  return {
    report,
    flush,
    close() {
      closing ??= shutDown();
      return closing;
    },
    check: (request) => checkUsage(connection, request),
    release: (reservationId) => releaseReservation(connection, reservationId),
    stats: () => ({ queued: queue.length, ...counters }),
  };
}
