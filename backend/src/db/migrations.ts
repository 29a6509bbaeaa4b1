import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DialectName } from './connection.ts';
import type { Database } from './schema.ts';

/** Migrations, in order. Never edit one that has shipped: add the next. */
function migrations(dialect: DialectName): Record<string, Migration> {
  // An auto-incrementing integer key in either dialect.
  const idColumn = dialect === 'postgres' ? 'bigserial' : 'integer';
  const autoId = (col: { primaryKey(): { autoIncrement(): unknown } }) =>
    dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement();

  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
          .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('plans')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('tier', 'text', (c) => c.notNull())
          .addColumn('price_monthly_cents', 'bigint', (c) => c.notNull())
          .addColumn('price_yearly_cents', 'bigint', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('features', 'text', (c) => c.notNull())
          .addColumn('limits', 'text', (c) => c.notNull())
          .addColumn('sort_order', 'integer', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('subscriptions')
          .addColumn('id', idColumn, (c) => autoId(c) as never)
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
          .addColumn('billing_cycle', 'text', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('subscriptions_user_status')
          .on('subscriptions')
          .columns(['user_id', 'status'])
          .execute();

        await db.schema
          .createTable('prices')
          .addColumn('id', idColumn, (c) => autoId(c) as never)
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('input_pico', 'bigint', (c) => c.notNull())
          .addColumn('output_pico', 'bigint', (c) => c.notNull())
          .addColumn('cached_pico', 'bigint')
          .addColumn('request_pico', 'bigint', (c) => c.notNull())
          .addColumn('search_pico', 'bigint', (c) => c.notNull())
          .addColumn('image_pico', 'bigint', (c) => c.notNull())
          .addColumn('page_pico', 'bigint', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('effective_from', 'bigint', (c) => c.notNull())
          .addColumn('effective_to', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('prices_provider_model_from')
          .on('prices')
          .columns(['provider', 'model', 'effective_from'])
          .unique()
          .execute();

        await db.schema
          .createTable('usage_events')
          .addColumn('id', idColumn, (c) => autoId(c) as never)
          .addColumn('event_id', 'text', (c) => c.notNull().unique())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('endpoint', 'text')
          .addColumn('input_tokens', 'bigint', (c) => c.notNull())
          .addColumn('output_tokens', 'bigint', (c) => c.notNull())
          .addColumn('cached_tokens', 'bigint', (c) => c.notNull())
          .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
          .addColumn('searches', 'bigint', (c) => c.notNull())
          .addColumn('pages', 'bigint', (c) => c.notNull())
          .addColumn('images', 'bigint', (c) => c.notNull())
          .addColumn('response_time_ms', 'double precision')
          .addColumn('status_code', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('occurred_at', 'bigint', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('billing_period', 'text', (c) => c.notNull())
          .addColumn('cost_nano', 'bigint', (c) => c.notNull())
          .addColumn('price_id', 'bigint')
          .execute();
        await db.schema
          .createIndex('usage_events_user_period_id')
          .on('usage_events')
          .columns(['user_id', 'billing_period', 'id'])
          .execute();

        await db.schema
          .createTable('usage_rollups')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('billing_period', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('calls', 'bigint', (c) => c.notNull())
          .addColumn('errors', 'bigint', (c) => c.notNull())
          .addColumn('unpriced_calls', 'bigint', (c) => c.notNull())
          .addColumn('input_tokens', 'bigint', (c) => c.notNull())
          .addColumn('output_tokens', 'bigint', (c) => c.notNull())
          .addColumn('cached_tokens', 'bigint', (c) => c.notNull())
          .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
          .addColumn('searches', 'bigint', (c) => c.notNull())
          .addColumn('pages', 'bigint', (c) => c.notNull())
          .addColumn('images', 'bigint', (c) => c.notNull())
          .addColumn('cost_nano', 'bigint', (c) => c.notNull())
          .addColumn('response_time_sum', 'double precision', (c) => c.notNull())
          .addColumn('response_time_count', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('usage_rollups_pk', [
            'user_id',
            'billing_period',
            'day',
            'provider',
            'model',
          ])
          .execute();

        await db.schema
          .createTable('alerts')
          .addColumn('id', idColumn, (c) => autoId(c) as never)
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('billing_period', 'text', (c) => c.notNull())
          .addColumn('metric', 'text', (c) => c.notNull())
          .addColumn('threshold', 'integer', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('provider', 'text')
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('read_at', 'bigint')
          .addUniqueConstraint('alerts_once', ['user_id', 'billing_period', 'metric', 'threshold'])
          .execute();
        await db.schema
          .createIndex('alerts_user_created')
          .on('alerts')
          .columns(['user_id', 'created_at'])
          .execute();

        await db.schema
          .createTable('api_keys')
          .addColumn('id', idColumn, (c) => autoId(c) as never)
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('key_hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('revoked_at', 'bigint')
          .execute();
      },
    },
    '0002_period_totals': {
      // Per user × period × provider sums of the rollups, kept in the same transaction: alert checks
      // and usage reads then add up at most nine rows instead of every day × model row of the month.
      async up(db: Kysely<unknown>) {
        let table = db.schema
          .createTable('usage_period_totals')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('billing_period', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull());
        for (const measure of PERIOD_MEASURES) {
          const type = measure === 'response_time_sum' ? 'double precision' : 'bigint';
          table = table.addColumn(measure, type, (c) => c.notNull());
        }
        await table
          .addPrimaryKeyConstraint('usage_period_totals_pk', ['user_id', 'billing_period', 'provider'])
          .execute();
        const measures = sql.raw(PERIOD_MEASURES.join(', '));
        const sums = sql.raw(PERIOD_MEASURES.map((m) => `sum(${m})`).join(', '));
        await sql`insert into usage_period_totals (user_id, billing_period, provider, ${measures})
          select user_id, billing_period, provider, ${sums} from usage_rollups
          group by user_id, billing_period, provider`.execute(db);
      },
    },
    '0003_catalog_prices': {
      // Prices from a maintained catalog: cache-write rates, long-context tiers, the catalog's match
      // rule and where each row came from; events record how their model matched; cache writes are
      // counted apart like cached input. Rows stored before this came from the seed table (they start
      // at its date, 2020-01-01) or from an operator.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('prices').addColumn('cache_write_pico', 'bigint').execute();
        await db.schema.alterTable('prices').addColumn('cache_write_1h_pico', 'bigint').execute();
        await db.schema.alterTable('prices').addColumn('tiers', 'text').execute();
        await db.schema.alterTable('prices').addColumn('match_rule', 'text').execute();
        await db.schema.alterTable('prices').addColumn('match_rank', 'integer').execute();
        await db.schema
          .alterTable('prices')
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('operator'))
          .execute();
        await sql`update prices set source = 'spendscope' where effective_from = ${Date.UTC(2020, 0, 1)}`.execute(
          db,
        );
        for (const column of ['cache_write_tokens', 'cache_write_1h_tokens']) {
          for (const table of ['usage_events', 'usage_rollups', 'usage_period_totals']) {
            await db.schema
              .alterTable(table)
              .addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
              .execute();
          }
        }
        await db.schema.alterTable('usage_events').addColumn('price_match', 'text').execute();
      },
    },
    '0004_reservations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('reservations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('billing_period', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('calls', 'bigint', (c) => c.notNull())
          .addColumn('tokens', 'bigint', (c) => c.notNull())
          .addColumn('cost_nano', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
          .addColumn('closed_at', 'bigint')
          .execute();
        // What a reserve reads: a user's open reservations of a period.
        await db.schema
          .createIndex('reservations_open')
          .on('reservations')
          .columns(['user_id', 'billing_period', 'status', 'expires_at'])
          .execute();
        // What the sweeper deletes.
        await db.schema.createIndex('reservations_expiry').on('reservations').column('expires_at').execute();
      },
    },
    '0005_alert_delivery': {
      // The alert outbox: channels alerts are delivered to, and one delivery row per alert × channel,
      // written in the alert's transaction (docs/alerts-delivery.md). A user's own email address is
      // their implicit email channel (a channel row owned by them).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('users').addColumn('email', 'text').execute();
        await db.schema
          .createTable('notification_channels')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          // Set for a user's own email channel; null for the operator's channels (all users' alerts).
          .addColumn('user_id', 'text', (c) => c.unique().references('users.id').onDelete('cascade'))
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('email_to', 'text')
          .addColumn('url_enc', 'text')
          .addColumn('secret_enc', 'text')
          .addColumn('min_severity', 'text', (c) => c.notNull())
          .addColumn('kinds', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('disabled_reason', 'text')
          .addColumn('paused_until', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('alert_deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('channel_id', 'text', (c) =>
            c.notNull().references('notification_channels.id').onDelete('cascade'),
          )
          .addColumn('alert_id', 'bigint', (c) => c.references('alerts.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'bigint')
          .addColumn('lease_until', 'bigint')
          .addColumn('claim_token', 'text')
          .addColumn('last_error', 'text')
          .addColumn('last_status', 'integer')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('delivered_at', 'bigint')
          // Once per alert × channel; test deliveries (no alert) are not limited.
          .addUniqueConstraint('alert_deliveries_alert_channel', ['alert_id', 'channel_id'])
          .execute();
        await db.schema
          .createIndex('alert_deliveries_due')
          .on('alert_deliveries')
          .columns(['status', 'next_attempt_at'])
          .execute();
        await db.schema
          .createIndex('alert_deliveries_log')
          .on('alert_deliveries')
          .columns(['channel_id', 'created_at', 'id'])
          .execute();
      },
    },
  };
}

/** The measures of usage_period_totals: the rollups' own, summed over days and models. */
const PERIOD_MEASURES = [
  'calls',
  'errors',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'searches',
  'pages',
  'images',
  'cost_nano',
  'response_time_sum',
  'response_time_count',
] as const;

/** Brings the schema up to date; safe to run from several processes at once on PostgreSQL. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** Brings the schema up to migration `name` only: how tests build a database as an older release left it. */
export async function migrateUpTo(db: Kysely<Database>, dialect: DialectName, name: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw new Error(`migration to ${name} failed: ${String(error)}`);
}

/** Cheap query that proves the database answers. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
