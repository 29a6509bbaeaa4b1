import type { Kysely } from 'kysely';
import { serializeAlertChecks } from './alerts.ts';
import type { Database, NewReservation } from './schema.ts';

type Db = Kysely<Database>;

/** What a user's open, unexpired reservations of one provider hold. */
export type HeldByProvider = { provider: string; calls: number; tokens: number; cost_nano: number };

/**
 * Makes transactions that read and change a user's usage or reservations run one after another for
 * that user. On PostgreSQL it is the same transaction-scoped advisory lock the ingest path takes for
 * each user it stores events of (db/alerts.ts), so a reserve and a report that settles a reservation
 * cannot interleave either; SQLite transactions begin immediate and are one at a time already.
 */
export async function serializeUserUsage(db: Db, userId: string): Promise<void> {
  await serializeAlertChecks(db, [userId]);
}

export async function insertReservation(db: Db, row: NewReservation): Promise<void> {
  await db.insertInto('reservations').values(row).execute();
}

/** Per provider, what the user's reservations of `period` hold that are open and not expired at `nowMs`. */
export async function heldInPeriod(
  db: Db,
  userId: string,
  period: string,
  nowMs: number,
): Promise<HeldByProvider[]> {
  const rows = await db
    .selectFrom('reservations')
    .select(({ fn }) => [
      'provider',
      fn.sum<number | string>('calls').as('calls'),
      fn.sum<number | string>('tokens').as('tokens'),
      fn.sum<number | string>('cost_nano').as('cost_nano'),
    ])
    .where('user_id', '=', userId)
    .where('billing_period', '=', period)
    .where('status', '=', 'open')
    .where('expires_at', '>', nowMs)
    .groupBy('provider')
    .orderBy('provider')
    .execute();
  return rows.map((r) => ({
    provider: r.provider,
    calls: Number(r.calls),
    tokens: Number(r.tokens),
    cost_nano: Number(r.cost_nano),
  }));
}

/**
 * Settles the open, unexpired reservations named by stored events (each only by an event of its own
 * user); returns the ids settled. A reservation unknown, settled, released or expired is left as it is.
 */
export async function settleReservations(
  db: Db,
  claims: ReadonlyArray<{ reservationId: string; userId: string }>,
  nowMs: number,
): Promise<string[]> {
  const byUser = new Map<string, string[]>();
  for (const { reservationId, userId } of claims) {
    const ids = byUser.get(userId);
    if (ids) ids.push(reservationId);
    else byUser.set(userId, [reservationId]);
  }
  const settled: string[] = [];
  // Users in sorted order, like every other per-user write of the ingest path.
  for (const userId of [...byUser.keys()].sort()) {
    const ids = [...new Set(byUser.get(userId))].sort();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .updateTable('reservations')
        .set({ status: 'settled', closed_at: nowMs })
        .where('user_id', '=', userId)
        .where('id', 'in', ids.slice(i, i + 500))
        .where('status', '=', 'open')
        .where('expires_at', '>', nowMs)
        .returning('id')
        .execute();
      settled.push(...rows.map((r) => r.id));
    }
  }
  return settled;
}

/** Releases an open, unexpired reservation; whether it did (false: unknown, closed or expired). */
export async function releaseOpenReservation(db: Db, id: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('reservations')
    .set({ status: 'released', closed_at: nowMs })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('expires_at', '>', nowMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes every reservation that expired at or before `expiredBy`, open or closed; returns how many. */
export async function deleteExpiredReservations(db: Db, expiredBy: number): Promise<number> {
  const result = await db.deleteFrom('reservations').where('expires_at', '<=', expiredBy).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Reservations of a user that are open and unexpired at `nowMs` (for tests and the CLI). */
export async function countOpenReservations(db: Db, userId: string, nowMs: number): Promise<number> {
  const row = await db
    .selectFrom('reservations')
    .select(({ fn }) => fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'open')
    .where('expires_at', '>', nowMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
