/** How a reporter spaces its resends. */
export type RetryOptions = {
  /** Delay before the first resend, in ms (default 500). */
  initialDelayMs?: number;
  /** Longest delay between resends, in ms (default 30 000). */
  maxDelayMs?: number;
  /** Longest wait a `Retry-After` header may impose, in ms (default 60 000). */
  maxRetryAfterMs?: number;
  /** Attempts per batch before its events are dropped (default: unlimited; the queue bound caps memory). */
  maxAttempts?: number;
};

export const RETRY_DEFAULTS = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  maxAttempts: Number.POSITIVE_INFINITY,
} as const;

/**
 * The wait before resend number `attempt` (1 = first resend): exponential, capped, with jitter so that
 * many clients cut off by the same outage do not come back in lockstep. The wait lies in [d/2, d] for the
 * capped exponential delay d, so it still grows with every attempt.
 */
export function backoffDelay(
  attempt: number,
  options: { initialDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const exponential = options.initialDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  return capped / 2 + (random() * capped) / 2;
}

/** A `Retry-After` header (delay in seconds, or an HTTP date) as milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
