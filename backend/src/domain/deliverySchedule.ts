/**
 * When a failed delivery is tried again. Attempt n (1-based) that failed waits
 * `30 s × 2^(n−1)`, times a jitter factor drawn uniformly from [0.8, 1.2): 30 s, 1 min, 2 min, 4 min,
 * 8 min, 16 min, 32 min. With the first try that makes 8 attempts over about 63 minutes; after the 8th
 * failure the delivery is dead (docs/alerts-delivery.md).
 */
export const RETRY_BASE_MS = 30_000;
export const MAX_DELIVERY_ATTEMPTS = 8;
export const RETRY_JITTER = 0.2;

/** The wait after failed attempt `attempt` (1-based); `random` in [0, 1) spreads receivers' retries. */
export function retryDelayMs(attempt: number, random: number): number {
  const base = RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1);
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

/** The longest Retry-After a receiver may ask for before it is held to the normal schedule: an hour. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`, within
 * [1 s, MAX_RETRY_AFTER_MS]; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, ms));
}
