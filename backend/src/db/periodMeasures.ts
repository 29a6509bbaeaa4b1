import type { Kysely } from 'kysely';
import { CEILING_MEASURES, type Database, type PeriodMeasures } from './schema.ts';

type Db = Kysely<Database>;

/** Users per query (bound values stay far inside SQLite's limit). */
const USERS_PER_QUERY = 500;

/**
 * The stored per-provider totals of the given users' periods, measures the ceiling holds only. Rows are
 * read as they are and added up by the caller, not summed in SQL: a database written before the ceiling
 * existed may hold totals whose SQL sum would overflow.
 */
export async function storedPeriodMeasures(
  db: Db,
  keys: ReadonlyArray<{ userId: string; period: string }>,
): Promise<PeriodMeasures[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.userId}\u0000${k.period}`));
  const userIds = [...new Set(keys.map((k) => k.userId))];
  const periods = [...new Set(keys.map((k) => k.period))];
  const measures: PeriodMeasures[] = [];
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const rows = await db
      .selectFrom('usage_period_totals')
      .select(['user_id', 'billing_period', ...CEILING_MEASURES])
      .where('user_id', 'in', userIds.slice(i, i + USERS_PER_QUERY))
      .where('billing_period', 'in', periods)
      .execute();
    for (const row of rows) {
      if (!wanted.has(`${row.user_id}\u0000${row.billing_period}`)) continue;
      const numbers = { user_id: row.user_id, billing_period: row.billing_period } as PeriodMeasures;
      // PostgreSQL returns bigint as text.
      for (const m of CEILING_MEASURES) numbers[m] = Number(row[m]);
      measures.push(numbers);
    }
  }
  return measures;
}

/** Which of `eventIds` are stored already. */
export async function storedEventIds(db: Db, eventIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < eventIds.length; i += 1000) {
    const rows = await db
      .selectFrom('usage_events')
      .select('event_id')
      .where('event_id', 'in', eventIds.slice(i, i + 1000))
      .execute();
    for (const row of rows) found.add(row.event_id);
  }
  return found;
}
