/*
 * Number and date formatting in one place, so every view shows money, counts and periods alike.
 * Formatters are created once: Intl constructors are slow enough to matter inside chart ticks.
 */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdSmall = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumSignificantDigits: 3,
});
const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const monthYear = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** Dollars; sub-cent amounts keep three significant digits instead of showing $0.00. */
export function formatCurrency(dollars: number): string {
  if (dollars !== 0 && Math.abs(dollars) < 0.01) return usdSmall.format(dollars);
  return usd.format(dollars);
}

export function formatCurrencyCompact(dollars: number): string {
  return Math.abs(dollars) < 1000 ? formatCurrency(dollars) : usdCompact.format(dollars);
}

/**
 * A unit price such as $0.0000025: from a dollar up in cents ($2.50), below that three significant
 * digits with at least two decimals ($0.30, $0.075), so small prices stay tell-apart.
 */
export function formatUnitPrice(dollars: number): string {
  if (dollars === 0) return '$0';
  if (Math.abs(dollars) >= 1) return usd.format(dollars);
  const decimals = Math.max(2, 2 - Math.floor(Math.log10(Math.abs(dollars))));
  const fixed = Number(dollars.toPrecision(3)).toFixed(decimals);
  return `$${fixed.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** `1 call`, `2 calls`. */
export function formatCount(count: number, noun: string): string {
  return `${integer.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

export function formatPercent(value: number, digits = 1): string {
  return `${value.toFixed(digits)}%`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function periodDate(period: string): Date {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1));
}

/** `2026-11` → `Nov 2026`. */
export function formatPeriod(period: string): string {
  return monthYear.format(periodDate(period));
}

/** `2026-11` → `Nov`, for crowded axes. */
export function formatPeriodShort(period: string): string {
  return monthShort.format(periodDate(period));
}

/** `2026-11-05` → `Nov 5`. */
export function formatDay(day: string): string {
  return dayMonth.format(new Date(`${day}T00:00:00Z`));
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}
