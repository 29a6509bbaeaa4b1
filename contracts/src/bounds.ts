/**
 * The bounds that keep every sum Spendscope forms exact. The arithmetic behind them is written out in
 * docs/security.md ("Bounds on money and counts"): in short, every measure of one user's month stays at
 * or under PERIOD_TOTAL_CEILING (1e15), and no figure the system adds up from such totals holds more
 * than a handful of them, so all of it stays below 2^53 (exact in a JavaScript number) and far below
 * 2^63 (SQLite's and PostgreSQL's 64-bit integers).
 */

/** Most tokens of one kind (input, output, cached, …) one reported call may carry. */
export const MAX_TOKENS_PER_EVENT = 1_000_000_000;

/** Most searches, pages or images one reported call may carry. */
export const MAX_UNITS_PER_EVENT = 1_000_000;

/** Longest response time one call may report: a day, in milliseconds. */
export const MAX_RESPONSE_TIME_MS = 86_400_000;

/** Dearest price per token an operator may set, in dollars ($10,000 per million tokens). */
export const MAX_TOKEN_PRICE_DOLLARS = 0.01;

/** Dearest price per request, search, image or page an operator may set, in dollars. */
export const MAX_UNIT_PRICE_DOLLARS = 100;

/**
 * Ceiling on every measure of one user's billing period, summed over providers: tokens of each kind,
 * searches, pages, images, and the cost in nano-dollars (1e15 nano-dollars = $1,000,000). A reported
 * call that would take a total past it is refused on its own, with the reason.
 */
export const PERIOD_TOTAL_CEILING = 1e15;

/** Earliest `occurred_at` accepted. */
export const EARLIEST_OCCURRED_AT = '2000-01-01T00:00:00Z';
export const EARLIEST_OCCURRED_AT_MS = Date.UTC(2000, 0, 1);

/** How far ahead of the server's clock `occurred_at` may lie (clock skew): 24 hours. */
export const MAX_OCCURRED_AHEAD_MS = 24 * 60 * 60 * 1000;

/** A bound as people read it: 1000000 → `1,000,000`. */
export function formatBound(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 12 });
}

/** Largest call or token cap a plan may set (a period's totals stay under PERIOD_TOTAL_CEILING). */
export const MAX_PLAN_COUNT_LIMIT = PERIOD_TOTAL_CEILING;

/** Largest monthly cost cap a plan may set, in dollars: PERIOD_TOTAL_CEILING nano-dollars. */
export const MAX_PLAN_COST_LIMIT_DOLLARS = PERIOD_TOTAL_CEILING / 1e9;

/** Dearest monthly or yearly price a plan may have, in dollars. */
export const MAX_PLAN_PRICE_DOLLARS = 1_000_000;
