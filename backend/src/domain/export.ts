import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Stringifier, stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { eventsPage, latestEventId, type StoredEvent } from '../db/eventsRead.ts';
import type { Database } from '../db/schema.ts';
import { userPeriod } from './eventsList.ts';

/**
 * Rows read per query while streaming: memory stays flat however large the period, and reading and
 * writing one page takes a few milliseconds (1,000 rows took about 20), the longest the export holds
 * the event loop at a time.
 */
export const EXPORT_CHUNK = 250;

/** The CSV columns, in order. Costs are exact dollars with nine decimals (the stored nano-dollars). */
export const CSV_COLUMNS = [
  'event_id',
  'occurred_at',
  'billing_period',
  'provider',
  'model',
  'endpoint',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'reasoning_tokens',
  'searches',
  'pages',
  'images',
  'response_time_ms',
  'status_code',
  'error',
  'cost_usd',
  'is_priced',
  'price_match',
] as const;

/** Integer nano-dollars as an exact decimal dollar string, e.g. 1234 → "0.000001234". */
export function nanoToDollarText(nano: number): string {
  const sign = nano < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(nano))).padStart(10, '0');
  return `${sign}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

/**
 * Text a spreadsheet would run as a formula (leading = + - @, tab or carriage return) is prefixed
 * with an apostrophe: the fields come from reporting apps and must not execute when opened.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsvRecord(row: StoredEvent): Record<(typeof CSV_COLUMNS)[number], string | number> {
  return {
    event_id: row.event_id,
    occurred_at: new Date(Number(row.occurred_at)).toISOString(),
    billing_period: row.billing_period,
    provider: row.provider,
    model: row.model,
    endpoint: row.endpoint ?? '',
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cached_tokens: Number(row.cached_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
    cache_write_1h_tokens: Number(row.cache_write_1h_tokens),
    reasoning_tokens: Number(row.reasoning_tokens),
    searches: Number(row.searches),
    pages: Number(row.pages),
    images: Number(row.images),
    response_time_ms: row.response_time_ms === null ? '' : Number(row.response_time_ms),
    status_code: Number(row.status_code),
    error: row.error ?? '',
    cost_usd: nanoToDollarText(Number(row.cost_nano)),
    is_priced: row.price_id !== null ? 'true' : 'false',
    price_match: row.price_match ?? '',
  };
}

async function* storedEvents(
  db: Kysely<Database>,
  options: { userId: string; period: string; maxId: number },
): AsyncGenerator<StoredEvent> {
  let afterId = 0;
  for (;;) {
    // A turn of the event loop between pages: on SQLite each page is read synchronously, and a stream
    // that never waits for I/O would otherwise run from the first page to the last in one stretch.
    if (afterId > 0) await new Promise((resolve) => setImmediate(resolve));
    const rows = await eventsPage(db, { ...options, afterId, limit: EXPORT_CHUNK });
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_CHUNK) return;
    afterId = last.id;
  }
}

/**
 * Every call of a user's period (default: the current one) as a CSV stream in the order stored, with a
 * header row. It holds the events stored when the export began; 404 for an unknown user is raised
 * before anything is streamed.
 */
export async function exportEventsCsv(options: {
  db: Kysely<Database>;
  userId: string;
  period?: string | undefined;
  now: Date;
  onError?: (error: unknown) => void;
}): Promise<{ filename: string; stream: Stringifier }> {
  const { db, userId } = options;
  const { period } = await userPeriod(db, userId, options.period, options.now);
  const maxId = await latestEventId(db);
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    cast: { string: neutralizeFormula },
  });
  const records = Readable.from(
    (async function* () {
      for await (const row of storedEvents(db, { userId, period, maxId })) yield toCsvRecord(row);
    })(),
  );
  // A failure halfway destroys the CSV stream, so the client sees a broken download, not a short file.
  // A client hanging up ends it the same way; that is not a failure worth reporting.
  pipeline(records, csv).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') options.onError?.(error);
  });
  return { filename: `spendscope-${userId}-${period}.csv`, stream: csv };
}
