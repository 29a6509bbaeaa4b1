import type { Provider, UsageAlert } from '@spendscope/contracts';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { queueAlertDeliveries } from './channels.ts';
import type { AlertRow, Database } from './schema.ts';

type Db = Kysely<Database>;

/** An alert about to be stored: its row without the id and times the store sets. */
export type AlertCandidate = Omit<AlertRow, 'id' | 'provider' | 'created_at' | 'read_at'> & {
  provider: Provider | null;
};

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

/**
 * Stores alerts that do not exist yet; the unique key (user, period, metric, threshold) makes each once.
 * Every alert is stored through here, together with its deliveries to the channels that receive it (the
 * outbox, in the caller's transaction).
 */
export async function insertNewAlerts(db: Db, candidates: readonly AlertCandidate[], now: number) {
  const created: UsageAlert[] = [];
  // 12 bound values a row: 1,000 rows stay far inside SQLite's limit of 32,766 per statement.
  for (let i = 0; i < candidates.length; i += 1000) {
    const rows = await db
      .insertInto('alerts')
      .values(candidates.slice(i, i + 1000).map((c) => ({ ...c, created_at: now, read_at: null })))
      .onConflict((oc) => oc.columns(['user_id', 'billing_period', 'metric', 'threshold']).doNothing())
      .returningAll()
      .execute();
    created.push(...rows.map(toUsageAlert));
    await queueAlertDeliveries(
      db,
      rows.map((r) => ({ id: Number(r.id), user_id: r.user_id, type: r.type, severity: r.severity })),
      now,
    );
  }
  return created;
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

/** Advisory-lock namespace of alert evaluation ("SA"), apart from any other use of advisory locks. */
const ALERT_LOCK_CLASS = 0x5341;

/**
 * Makes concurrent transactions evaluate a user's alerts one after another. On PostgreSQL two
 * reports that add to different rollup rows of one user do not see each other's uncommitted rows,
 * so each could judge the period below a threshold that together they cross, and the alert would
 * never be raised. A transaction-scoped advisory lock per user (taken in sorted order, so it cannot
 * deadlock) makes the later one wait for the earlier one's commit; its next statement then sees
 * both. SQLite runs one write transaction at a time and needs nothing.
 */
export async function serializeAlertChecks(db: Db, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0 || !(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const ids = [...new Set(userIds)].sort();
  await sql`select count(pg_advisory_xact_lock(${ALERT_LOCK_CLASS}, k)) from (
      select hashtext(u) as k from unnest(${ids}::text[]) as u order by 1
    ) as keys`.execute(db);
}
