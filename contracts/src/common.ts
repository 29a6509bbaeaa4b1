import { z } from 'zod';
import { EARLIEST_OCCURRED_AT } from './bounds.ts';

/** A user id: what the reporting app calls its end user. */
export const userIdSchema = z
  .string()
  .min(1, 'user id must not be empty')
  .max(128, 'user id must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'user id may hold letters, digits and _ . : @ - only')
  // `.` and `..` are path steps, not segments: a user so named could never be read by URL.
  .refine((id) => id !== '.' && id !== '..', 'user id must not be "." or ".."');

/** A billing period: the calendar month `YYYY-MM`. */
export const billingPeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be a month as YYYY-MM, e.g. 2026-11');

/** The first period a call can be filed under: the month of the earliest `occurred_at` accepted. */
export const EARLIEST_PERIOD = EARLIEST_OCCURRED_AT.slice(0, 7);

/**
 * A period asked for in a query: a month as YYYY-MM, not before the first one any call can be in
 * (earlier months would only ever be empty, and their calendars run on historic local offsets).
 */
export const requestedPeriodSchema = billingPeriodSchema.refine((period) => period >= EARLIEST_PERIOD, {
  message: `period must be ${EARLIEST_PERIOD} or later: no call before then is accepted`,
});

/** An ISO 8601 timestamp with an offset or Z. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** An IANA time zone name the runtime knows, e.g. `Europe/Berlin`. */
export const timezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimezone, 'timezone must be an IANA name such as UTC or America/New_York');

function isKnownTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Query-string booleans arrive as text. */
export const queryBooleanSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const usageStatusSchema = z.enum(['active', 'warning', 'limit_reached']);
export type UsageStatus = z.infer<typeof usageStatusSchema>;

export const planTierSchema = z.enum(['free', 'basic', 'pro', 'enterprise']);
export type PlanTier = z.infer<typeof planTierSchema>;

export const roleSchema = z.enum(['user', 'admin']);
export type Role = z.infer<typeof roleSchema>;
