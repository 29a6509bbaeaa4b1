import type { Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { Database, UsageEventsTable } from './schema.ts';

type Db = Kysely<Database>;

export type StoredEvent = Selectable<UsageEventsTable>;

/**
 * A page of one user's events of a period by the (user, period, id) index: newest first below
 * `beforeId`, or oldest first above `afterId` (up to `maxId`) for a full export.
 */
export async function eventsPage(
  db: Db,
  options: {
    userId: string;
    period: string;
    limit: number;
    beforeId?: number | undefined;
    afterId?: number | undefined;
    maxId?: number | undefined;
  },
): Promise<StoredEvent[]> {
  const ascending = options.afterId !== undefined;
  let query = db
    .selectFrom('usage_events')
    .selectAll()
    .where('user_id', '=', options.userId)
    .where('billing_period', '=', options.period);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.maxId !== undefined) query = query.where('id', '<=', options.maxId);
  const rows = await query
    .orderBy('id', ascending ? 'asc' : 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** The highest event id stored now (0 when there is none): the end of an export's snapshot. */
export async function latestEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('usage_events')
    .select(sql<number>`coalesce(max(id), 0)`.as('max_id'))
    .executeTakeFirstOrThrow();
  return Number(row.max_id);
}
