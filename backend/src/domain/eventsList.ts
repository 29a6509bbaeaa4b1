import type { EventsPage, PriceMatch, Provider, UsageEventRecord } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { eventsPage, type StoredEvent } from '../db/eventsRead.ts';
import type { Database } from '../db/schema.ts';
import { getUser } from '../db/users.ts';
import { AppError, notFound } from '../errors.ts';
import { encodeKeyset, readKeyset } from './cursor.ts';
import { nanoToDollars } from './money.ts';
import { billingPeriodOf } from './periods.ts';

/** Events per page unless asked otherwise (the contract caps `limit` at 500). */
export const DEFAULT_EVENTS_PAGE = 100;

/** A stored event as the API shows it; absent optional values are omitted, never null. */
export function toEventRecord(row: StoredEvent): UsageEventRecord {
  return {
    event_id: row.event_id,
    user_id: row.user_id,
    provider: row.provider as Provider,
    model: row.model,
    ...(row.endpoint !== null ? { endpoint: row.endpoint } : {}),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cached_tokens: Number(row.cached_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
    cache_write_1h_tokens: Number(row.cache_write_1h_tokens),
    reasoning_tokens: Number(row.reasoning_tokens),
    searches: Number(row.searches),
    pages: Number(row.pages),
    images: Number(row.images),
    ...(row.response_time_ms !== null ? { response_time_ms: Number(row.response_time_ms) } : {}),
    status_code: Number(row.status_code),
    ...(row.error !== null ? { error: row.error } : {}),
    occurred_at: new Date(Number(row.occurred_at)).toISOString(),
    billing_period: row.billing_period,
    cost: nanoToDollars(Number(row.cost_nano)),
    is_priced: row.price_id !== null,
    ...(row.price_id !== null ? { price_id: Number(row.price_id) } : {}),
    ...(row.price_match !== null ? { price_match: row.price_match as PriceMatch } : {}),
  };
}

/** An opaque cursor: the period and the last id shown, so a cursor cannot be replayed on another period. */
export function encodeCursor(period: string, lastId: number): string {
  return encodeKeyset(period, String(lastId));
}

/** The id to continue below, or a 400 when the cursor is not one this API gave for this period. */
export function decodeCursor(cursor: string, period: string): number {
  const parts = readKeyset(cursor);
  if (!parts || !/^\d{4}-\d{2}$/.test(parts.scope) || !/^[1-9]\d{0,15}$/.test(parts.key)) {
    throw new AppError('validation_error', 'query.cursor: not a cursor from a previous page');
  }
  if (parts.scope !== period) {
    throw new AppError(
      'validation_error',
      `query.cursor: this cursor belongs to period ${parts.scope}, not ${period}; pass the same period`,
    );
  }
  return Number(parts.key);
}

/** A user and the period to read: the one asked for or the current one; 404 for an unknown user. */
export async function userPeriod(
  db: Kysely<Database>,
  userId: string,
  period: string | undefined,
  now: Date,
) {
  const user = await getUser(db, userId);
  if (!user) throw notFound(`user "${userId}"`);
  return { user, period: period ?? billingPeriodOf(now.getTime(), user.timezone) };
}

/**
 * One page of a user's raw calls in a period, newest first, keyset-paged by event row id: each
 * event appears on exactly one page, and events stored while paging never shift later pages.
 */
export async function listEvents(options: {
  db: Kysely<Database>;
  userId: string;
  period?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
  now: Date;
}): Promise<EventsPage> {
  const { db, userId } = options;
  const { period } = await userPeriod(db, userId, options.period, options.now);
  const beforeId = options.cursor === undefined ? undefined : decodeCursor(options.cursor, period);
  const limit = options.limit ?? DEFAULT_EVENTS_PAGE;
  const rows = await eventsPage(db, { userId, period, beforeId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toEventRecord),
    ...(rows.length > limit && last ? { next_cursor: encodeCursor(period, last.id) } : {}),
  };
}
