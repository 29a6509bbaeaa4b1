import type { Kysely } from 'kysely';
import type { Guard } from './auth/guard.ts';
import type { TokenService } from './auth/tokens.ts';
import type { ReadCache } from './cache/readCache.ts';
import type { ChangeFeed } from './changes.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DialectName } from './db/connection.ts';
import type { Database } from './db/schema.ts';
import type { DeliveryWorker } from './delivery/worker.ts';
import type { UrlPolicy } from './domain/channelTargets.ts';
import type { IngestQueue } from './domain/ingestQueue.ts';
import type { PriceBook } from './domain/priceBook.ts';
import type { ReservationDeps } from './domain/reservations.ts';
import type { ServerMetrics } from './monitoring/serverMetrics.ts';
import type { SecretBox } from './security/secretBox.ts';

/** Everything a route needs, built once at start and passed down (no module-level singletons). */
export type AppContext = {
  db: Kysely<Database>;
  dialect: DialectName;
  config: Config;
  clock: Clock;
  tokens: TokenService;
  guard: Guard;
  prices: PriceBook;
  changes: ChangeFeed;
  /** Stores reports, several per transaction when they arrive together (group commit). */
  ingest: IngestQueue;
  /**
   * What reserveCall, releaseReservation and expireReservations take: the database, default plan,
   * clock, TTL, and where the writes run (on SQLite, the ingest worker's connection).
   */
  reservations: ReservationDeps;
  /** Dashboard and usage reads, invalidated through `changes`. */
  cache: ReadCache;
  /** The server's own request metrics, provider health and Prometheus registry. */
  metrics: ServerMetrics;
  /** Seals and opens channel secrets stored in the database. */
  secrets: SecretBox;
  /** Which channel URLs may be used. */
  channelUrls: UrlPolicy;
  /** Sends the alert outbox (polling only when DELIVERY_WORKER is on; tests call runOnce). */
  delivery: DeliveryWorker;
};
