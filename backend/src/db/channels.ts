import { randomBytes } from 'node:crypto';
import { channelReceives, EMAIL_DIGEST_WINDOW_MS } from '@spendscope/contracts';
import type { Insertable, Kysely } from 'kysely';
import type { ChannelRow, Database, NotificationChannelsTable } from './schema.ts';

type Db = Kysely<Database>;

/** A new channel id, `chn_` and 24 hex digits. */
export function newChannelId(): string {
  return `chn_${randomBytes(12).toString('hex')}`;
}

/** A new delivery id, `msg_` and 24 hex digits: unique across databases, so receivers can de-duplicate. */
export function newDeliveryId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

export async function insertChannel(db: Db, row: Insertable<NotificationChannelsTable>): Promise<ChannelRow> {
  return db.insertInto('notification_channels').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The operator's channels (not users' own email channels), oldest first. */
export async function listOperatorChannels(db: Db): Promise<ChannelRow[]> {
  return db
    .selectFrom('notification_channels')
    .selectAll()
    .where('user_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getChannel(db: Db, id: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateChannelRow(
  db: Db,
  id: string,
  set: Partial<Omit<NotificationChannelsTable, 'id' | 'created_at' | 'user_id'>>,
): Promise<ChannelRow | undefined> {
  if (Object.keys(set).length === 0) return getChannel(db, id);
  return db
    .updateTable('notification_channels')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Removes a channel and its deliveries; false when there was none. */
export async function deleteChannelRow(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('alert_deliveries').where('channel_id', '=', id).execute();
  const result = await db.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Stops deliveries to a channel, saying why (e.g. the receiver answered 410 Gone). */
export async function disableChannel(db: Db, id: string, reason: string): Promise<void> {
  await db
    .updateTable('notification_channels')
    .set({ enabled: 0, disabled_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Holds every delivery to a channel until `until` (the receiver's Retry-After). */
export async function pauseChannel(db: Db, id: string, until: number): Promise<void> {
  await db.updateTable('notification_channels').set({ paused_until: until }).where('id', '=', id).execute();
}

/**
 * Makes a user's own email channel match their email address: created, re-addressed, or removed (with
 * its deliveries) when the address is cleared. It receives every alert of that user.
 */
export async function syncUserEmailChannel(
  db: Db,
  userId: string,
  email: string | null,
  now: number,
): Promise<void> {
  const existing = await db
    .selectFrom('notification_channels')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (email === null) {
    if (existing) await deleteChannelRow(db, existing.id);
    return;
  }
  if (existing) {
    await updateChannelRow(db, existing.id, { email_to: email, target: email });
    return;
  }
  await insertChannel(db, {
    id: newChannelId(),
    kind: 'email',
    name: `${userId}'s email`,
    user_id: userId,
    target: email,
    email_to: email,
    url_enc: null,
    secret_enc: null,
    min_severity: 'info',
    kinds: '[]',
    enabled: 1,
    disabled_reason: null,
    paused_until: null,
    created_at: now,
  });
}

/** The alert types a channel row receives (empty: all). */
export function channelKindsOf(row: Pick<ChannelRow, 'kinds'>): string[] {
  const parsed: unknown = JSON.parse(row.kinds);
  return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
}

type NewAlert = { id: number; user_id: string; type: string; severity: 'info' | 'warning' | 'error' };

/**
 * The outbox: one pending delivery per new alert × enabled channel that receives it (the operator's
 * channels by severity and type, a user's own email channel for that user's alerts). Called inside the
 * transaction that inserts the alerts, so an alert is never stored without its deliveries.
 */
export async function queueAlertDeliveries(
  db: Db,
  alerts: readonly NewAlert[],
  now: number,
): Promise<number> {
  if (alerts.length === 0) return 0;
  const userIds = [...new Set(alerts.map((a) => a.user_id))];
  const channels = await db
    .selectFrom('notification_channels')
    .selectAll()
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', 'in', userIds)]))
    .execute();
  const rows = [];
  for (const channel of channels) {
    const filter = { min_severity: channel.min_severity, kinds: channelKindsOf(channel) };
    for (const alert of alerts) {
      if (channel.user_id !== null && channel.user_id !== alert.user_id) continue;
      if (!channelReceives(filter, alert)) continue;
      rows.push({
        id: newDeliveryId(),
        channel_id: channel.id,
        alert_id: alert.id,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: channel.kind === 'email' ? now + EMAIL_DIGEST_WINDOW_MS : now,
        created_at: now,
      });
    }
  }
  // 7 bound values a row: 1,000 rows stay far inside SQLite's limit per statement.
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('alert_deliveries')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['alert_id', 'channel_id']).doNothing())
      .execute();
  }
  return rows.length;
}
