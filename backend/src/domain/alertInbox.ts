import type { AlertsResponse, Role, UsageAlert } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { countUnread, getAlert, listAlerts, markAlertRead, toUsageAlert } from '../db/alerts.ts';
import type { Database } from '../db/schema.ts';
import { getUser } from '../db/users.ts';
import { forbidden, notFound } from '../errors.ts';

/** Most alerts one list returns; older ones stay stored. */
export const ALERT_LIST_LIMIT = 200;

/** A user's alerts, newest first, with how many are unread; 404 for an unknown user. */
export async function getUserAlerts(options: {
  db: Kysely<Database>;
  userId: string;
  unreadOnly?: boolean | undefined;
}): Promise<AlertsResponse> {
  const { db, userId } = options;
  if (!(await getUser(db, userId))) throw notFound(`user "${userId}"`);
  const [alerts, unread] = await Promise.all([
    listAlerts(db, { userId, unreadOnly: options.unreadOnly ?? false, limit: ALERT_LIST_LIMIT }),
    countUnread(db, userId),
  ]);
  return { alerts, unread_count: unread };
}

/**
 * Marks an alert read for its owner or an admin (404 when it does not exist, 403 when it is someone
 * else's). Reading it again keeps the first read time.
 */
export async function readAlert(options: {
  db: Kysely<Database>;
  alertId: number;
  reader: { userId: string; role: Role };
  now: Date;
}): Promise<UsageAlert> {
  const { db, alertId, reader } = options;
  const alert = await getAlert(db, alertId);
  if (!alert) throw notFound(`alert ${alertId}`);
  if (reader.role !== 'admin' && alert.user_id !== reader.userId) {
    throw forbidden('you may only mark your own alerts read');
  }
  const updated = await markAlertRead(db, alertId, options.now.getTime());
  return toUsageAlert(updated ?? alert);
}
