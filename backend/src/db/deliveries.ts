import type { Kysely } from 'kysely';
import { newDeliveryId } from './channels.ts';
import type { DialectName } from './connection.ts';
import type { AlertDeliveriesTable, AlertRow, ChannelRow, Database, DeliveryRow } from './schema.ts';

type Db = Kysely<Database>;

export async function getDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('alert_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Queues a test delivery (no alert) to a channel, due at once. */
export async function insertTestDelivery(db: Db, channelId: string, now: number): Promise<DeliveryRow> {
  return db
    .insertInto('alert_deliveries')
    .values({
      id: newDeliveryId(),
      channel_id: channelId,
      alert_id: null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Up to `limit` deliveries of a channel, newest first, after the (created_at, id) position given. */
export async function deliveriesPage(
  db: Db,
  channelId: string,
  options: { before?: { createdAt: number; id: string } | undefined; limit: number },
): Promise<DeliveryRow[]> {
  let query = db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  const before = options.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  return query.execute();
}

/**
 * Makes a delivery due now again (retry now): a failed or dead one is revived with its attempts kept.
 * Returns undefined when there is no such delivery, null when it is being sent or already delivered.
 */
export async function retryDeliveryNow(
  db: Db,
  id: string,
  now: number,
): Promise<DeliveryRow | null | undefined> {
  const updated = await db
    .updateTable('alert_deliveries')
    .set({ status: 'pending', next_attempt_at: now, lease_until: null, claim_token: null })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed', 'dead'])
    .returningAll()
    .executeTakeFirst();
  if (updated) return updated;
  return (await getDelivery(db, id)) ? null : undefined;
}

/**
 * Claims up to `limit` deliveries that are due (pending or failed with `next_attempt_at` reached, or
 * `sending` under a lapsed lease: the process sending it died) on enabled, unpaused channels. Each
 * claimed row becomes `sending` under a lease until `now + leaseMs`, its attempts counted, and carries
 * `token`. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so concurrent workers take
 * disjoint rows; SQLite runs one write statement at a time, so the conditional UPDATE is the claim.
 */
export async function claimDueDeliveries(
  db: Db,
  dialect: DialectName,
  options: { now: number; leaseMs: number; limit: number; token: string },
): Promise<DeliveryRow[]> {
  const { now } = options;
  let due = db
    .selectFrom('alert_deliveries as d')
    .innerJoin('notification_channels as c', 'c.id', 'd.channel_id')
    .select('d.id')
    .where('c.enabled', '=', 1)
    .where((eb) => eb.or([eb('c.paused_until', 'is', null), eb('c.paused_until', '<=', now)]))
    .where((eb) =>
      eb.or([
        eb.and([eb('d.status', 'in', ['pending', 'failed']), eb('d.next_attempt_at', '<=', now)]),
        eb.and([eb('d.status', '=', 'sending'), eb('d.lease_until', '<=', now)]),
      ]),
    )
    .orderBy('d.next_attempt_at')
    .limit(options.limit);
  if (dialect === 'postgres') due = due.forUpdate('d').skipLocked();
  // On SQLite an UPDATE takes the write lock even when it matches nothing, and better-sqlite3 waits for
  // it on the event loop while the ingest thread writes: look first (a read needs no lock in WAL mode).
  else if ((await due.execute()).length === 0) return [];
  return db
    .updateTable('alert_deliveries')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      lease_until: now + options.leaseMs,
      claim_token: options.token,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/**
 * Records the outcome of an attempt, only while the claim is still the caller's (a row whose lease
 * lapsed and was claimed again belongs to the new claimant). Returns whether it was recorded.
 */
export async function completeDelivery(
  db: Db,
  id: string,
  token: string,
  set: Partial<
    Pick<
      AlertDeliveriesTable,
      'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'last_status' | 'delivered_at'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_deliveries')
    .set({ ...set, lease_until: null, claim_token: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The channels and alerts claimed deliveries refer to. */
export async function deliveryContext(
  db: Db,
  rows: readonly DeliveryRow[],
): Promise<{ channels: Map<string, ChannelRow>; alerts: Map<number, AlertRow> }> {
  const channelIds = [...new Set(rows.map((r) => r.channel_id))];
  const alertIds = [...new Set(rows.flatMap((r) => (r.alert_id === null ? [] : [Number(r.alert_id)])))];
  const [channelRows, alertRows] = await Promise.all([
    channelIds.length === 0
      ? []
      : db.selectFrom('notification_channels').selectAll().where('id', 'in', channelIds).execute(),
    alertIds.length === 0 ? [] : db.selectFrom('alerts').selectAll().where('id', 'in', alertIds).execute(),
  ]);
  return {
    channels: new Map(channelRows.map((c) => [c.id, c])),
    alerts: new Map(alertRows.map((a) => [Number(a.id), a])),
  };
}
