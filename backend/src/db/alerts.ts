import type { Provider, UsageAlert } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { AlertCandidate } from '../domain/alerts.ts';
import type { AlertRow, Database } from './schema.ts';

type Db = Kysely<Database>;

export function toUsageAlert(row: AlertRow): UsageAlert {
  return {
    id: Number(row.id),
    user_id: row.user_id,
    type: row.type,
    metric: row.metric,
    ...(row.provider ? { provider: row.provider as Provider } : {}),
    threshold_percentage: Number(row.threshold),
    severity: row.severity,
    title: row.title,
    message: row.message,
    billing_period: row.billing_period,
    is_read: row.read_at !== null,
    ...(row.read_at !== null ? { read_at: new Date(Number(row.read_at)).toISOString() } : {}),
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

/** Stores alerts that do not exist yet; the unique key (user, period, metric, threshold) makes each once. */
export async function insertNewAlerts(db: Db, candidates: readonly AlertCandidate[], now: number) {
  if (candidates.length === 0) return [];
  const rows = await db
    .insertInto('alerts')
    .values(candidates.map((c) => ({ ...c, created_at: now, read_at: null })))
    .onConflict((oc) => oc.columns(['user_id', 'billing_period', 'metric', 'threshold']).doNothing())
    .returningAll()
    .execute();
  return rows.map(toUsageAlert);
}

/** A user's alerts, newest first. */
export async function listAlerts(
  db: Db,
  options: { userId: string; unreadOnly?: boolean; period?: string; limit?: number },
): Promise<UsageAlert[]> {
  let query = db.selectFrom('alerts').selectAll().where('user_id', '=', options.userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.period) query = query.where('billing_period', '=', options.period);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200)
    .execute();
  return rows.map(toUsageAlert);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('alerts')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks an alert read (keeps the first read time). */
export async function markAlertRead(db: Db, id: number, now: number): Promise<AlertRow | undefined> {
  await db
    .updateTable('alerts')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
  return getAlert(db, id);
}
