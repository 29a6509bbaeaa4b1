/**
 * How user-facing backend messages (alerts, refusals) write numbers and money, so every message
 * spells a figure the same way.
 */
const count = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
});

/** `12345` → `12,345`. */
export function formatCount(value: number): string {
  return count.format(value);
}

/** `1.5` → `$1.50`. */
export function formatDollars(value: number): string {
  return dollars.format(value);
}

/** What a refusal says about when a reached limit frees up again. */
export const UNTIL_NEXT_PERIOD = 'until the next period or an upgrade';
