import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createGuard } from './auth/guard.ts';
import { KeyUsageRecorder } from './auth/keyUsage.ts';
import { createTokenService, resolveSecret } from './auth/tokens.ts';
import { ReadCache } from './cache/readCache.ts';
import { ChangeFeed } from './changes.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Config, DATA_DIR, databaseTarget } from './config.ts';
import type { AppContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db/connection.ts';
import { eventWriterFor } from './db/eventWriter.ts';
import { migrateToLatest } from './db/migrations.ts';
import { seedCatalog } from './defaults/seedCatalog.ts';
import { createSmtpMailer } from './delivery/mailer.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { AlertWatch } from './domain/alertWatch.ts';
import { IngestQueue, storeInTransactions } from './domain/ingestQueue.ts';
import { PriceBook } from './domain/priceBook.ts';
import { databaseReservationStore, expireReservations } from './domain/reservations.ts';
import { type IngestThread, startIngestThread } from './ingestWorker/ingestThread.ts';
import { ServerMetrics } from './monitoring/serverMetrics.ts';
import { PgChangeFeed } from './pgChangeFeed.ts';
import { createSecretBox } from './security/secretBox.ts';

export type Server = {
  app: FastifyInstance;
  ctx: AppContext;
  handle: DatabaseHandle;
  close(): Promise<void>;
};

/** Opens the database, migrates, seeds the plans and prices, and builds the app (not listening). */
export async function createServer(config: Config, options: { clock?: Clock } = {}): Promise<Server> {
  const handle = openDatabase(databaseTarget(config));
  await migrateToLatest(handle.db, handle.dialect);
  await seedCatalog(handle.db);
  const tokens = createTokenService(resolveSecret(config.SPENDSCOPE_SECRET, join(DATA_DIR, 'secret')));
  // Several processes on one PostgreSQL database hear each other's changes through LISTEN/NOTIFY.
  const changes =
    handle.dialect === 'postgres' && handle.url
      ? await PgChangeFeed.open(handle.url, {
          onError: (error) => console.warn(`change feed: ${error instanceof Error ? error.message : error}`),
        })
      : new ChangeFeed();
  const cache = new ReadCache();
  // The feed calls listeners inside publish, so a report's entries are gone before its reply is sent.
  const stopCaching = changes.subscribe((change) => cache.apply(change));
  const prices = new PriceBook(handle.db);
  const target = databaseTarget(config);
  // An in-memory SQLite database exists on one connection only, so it is written on the event loop.
  const thread: IngestThread | undefined =
    config.INGEST_WORKER && target !== ':memory:'
      ? startIngestThread({ target, defaultPlanId: config.DEFAULT_PLAN })
      : undefined;
  const ingest = new IngestQueue({
    // SQLite has one writer; on PostgreSQL a second transaction overlaps the first one's round trips.
    maxInFlight: handle.dialect === 'postgres' ? 2 : 1,
    store:
      thread?.store ??
      storeInTransactions({
        db: handle.db,
        prices,
        defaultPlanId: config.DEFAULT_PLAN,
        writer: eventWriterFor(handle),
      }),
  });
  const clock = options.clock ?? systemClock;
  const keyUsage = new KeyUsageRecorder(handle.db, {
    now: () => clock().getTime(),
    onError: (error) => console.warn(`key last-used: ${error instanceof Error ? error.message : error}`),
  });
  const secrets = createSecretBox(resolveSecret(config.SECRETS_KEY, join(DATA_DIR, 'secrets.key')));
  const channelUrls = {
    allowHttp: config.ALLOW_HTTP_CHANNELS,
    allowPrivate: config.ALLOW_PRIVATE_CHANNEL_ADDRESSES,
  };
  const mailer = createSmtpMailer(config);
  const delivery = new DeliveryWorker({
    db: handle.db,
    dialect: handle.dialect,
    clock,
    secrets,
    urls: channelUrls,
    mailer,
    leaseMs: config.DELIVERY_LEASE_MS,
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    onError: (error) => console.warn(`alert delivery: ${error instanceof Error ? error.message : error}`),
  });
  // New alerts (from this process or, on PostgreSQL, another one) are delivered without waiting for the poll.
  const stopWaking = changes.subscribe((change) => {
    if (change.newAlerts.length > 0) delivery.wake();
  });
  if (config.DELIVERY_WORKER) delivery.start(config.DELIVERY_POLL_MS);
  const alertWatch = new AlertWatch({
    db: handle.db,
    clock: options.clock ?? systemClock,
    intervalMs: config.FORECAST_ALERTS_INTERVAL_MS,
    onCreated: (alerts) => changes.publish({ touched: [], newAlerts: alerts }),
    onError: (error) =>
      console.warn(`forecast alerts: ${error instanceof Error ? error.message : String(error)}`),
  });
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock,
    tokens,
    guard: createGuard(handle.db, tokens, {
      metricsToken: config.METRICS_TOKEN,
      onKeyUsed: (id) => keyUsage.record(id),
    }),
    keyUsage,
    prices,
    changes,
    ingest,
    reservations: {
      db: handle.db,
      defaultPlanId: config.DEFAULT_PLAN,
      clock,
      ttlMs: config.RESERVATION_TTL_SECONDS * 1000,
      store: thread?.reservations ?? databaseReservationStore(handle.db, config.DEFAULT_PLAN),
    },
    cache,
    alertWatch,
    metrics: new ServerMetrics({ cacheCounters: () => cache.stats() }),
    secrets,
    channelUrls,
    delivery,
  };
  const app = await buildApp(ctx);
  // Expired reservations stopped counting at expiry; the sweep only keeps the table small.
  const sweeper = setInterval(() => {
    expireReservations(ctx.reservations, ctx.clock()).catch((error: unknown) =>
      console.warn(`reservation sweep: ${error instanceof Error ? error.message : error}`),
    );
  }, config.RESERVATION_SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    app,
    ctx,
    handle,
    async close() {
      clearInterval(sweeper);
      await app.close();
      stopWaking();
      await delivery.stop();
      mailer?.close();
      await alertWatch.close();
      await thread?.close();
      await keyUsage.flush();
      stopCaching();
      await changes.close();
      await handle.close();
    },
  };
}
