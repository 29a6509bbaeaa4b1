export * from './adapters/index.ts';
export { SpendscopeError } from './errors.ts';
export type { FetchLike } from './http.ts';
export { type MeteringMeta, statusOfError, toUsageEvent, withMetering } from './metering.ts';
export { createReporter, type Reporter, type ReporterOptions } from './reporter.ts';
export { backoffDelay, parseRetryAfter, type RetryOptions } from './retry.ts';
export type {
  DropReason,
  QueuedEvent,
  Rejection,
  ReportEvent,
  ReporterStats,
  ReportResult,
} from './types.ts';
