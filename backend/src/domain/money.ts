/**
 * Money is integers: prices in pico-dollars (1e-12 $) per unit, each event's cost rounded once,
 * half up, to nano-dollars (1e-9 $), sums in nano-dollars. Dollars exist only at the API edge.
 */

export const PICO_PER_DOLLAR = 1e12;
export const NANO_PER_DOLLAR = 1e9;

/** Dollars per unit (as an admin types them) to integer pico-dollars per unit. */
export function dollarsToPico(dollars: number): number {
  return Math.round(dollars * PICO_PER_DOLLAR);
}

/** Integer pico-dollars per unit to dollars per unit, for display. */
export function picoToDollars(pico: number): number {
  return pico / PICO_PER_DOLLAR;
}

/** Nano-dollars to dollars, for the API. */
export function nanoToDollars(nano: number): number {
  return nano / NANO_PER_DOLLAR;
}

/** Dollars to nano-dollars (limits are set in dollars). */
export function dollarsToNano(dollars: number): number {
  return Math.round(dollars * NANO_PER_DOLLAR);
}

/** Pico-dollars (exact, as bigint) to nano-dollars, rounded half up. */
export function picoToNanoRounded(pico: bigint): number {
  return Number((pico + 500n) / 1000n);
}
