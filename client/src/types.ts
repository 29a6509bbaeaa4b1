import type { ErrorBody, UsageEventInput } from '@spendscope/contracts';

/** A usage event as an app reports it; `event_id` and `occurred_at` are filled in when absent. */
export type ReportEvent = Omit<UsageEventInput, 'event_id'> & { event_id?: string };

/** A usage event as it is queued and sent: its idempotency key and time are fixed. */
export type QueuedEvent = UsageEventInput & { event_id: string; occurred_at: string };

/** Why an event will never be counted, as the server (or the client's own check) said. */
export type Rejection = { event: QueuedEvent; error: ErrorBody['error'] };

/** Why the client let go of valid events without the server confirming them. */
export type DropReason = 'queue_full' | 'closed' | 'close_timeout' | 'retries_exhausted';

/** What `report()` did with an event. */
export type ReportResult =
  | { queued: true; event_id: string }
  | { queued: false; event_id: string; reason: DropReason | 'invalid' };

/** Counters since the reporter was created. */
export type ReporterStats = {
  /** Events waiting to be sent or being sent. */
  queued: number;
  /** Events the server stored. */
  accepted: number;
  /** Events the server had already stored under the same `event_id` (a resend after a lost reply). */
  duplicates: number;
  /** Events refused as invalid, by the server or by the client's own check. */
  rejected: number;
  /** Valid events the client let go of (see `DropReason`). */
  dropped: number;
  /** Batches resent after a network error, a 5xx or a 429. */
  retries: number;
  /** Batches the server answered. */
  batches: number;
};
