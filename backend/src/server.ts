import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createGuard } from './auth/guard.ts';
import { createTokenService, resolveSecret } from './auth/tokens.ts';
import { ChangeFeed } from './changes.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Config, DATA_DIR, databaseTarget } from './config.ts';
import type { AppContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrations.ts';
import { PriceBook } from './domain/priceBook.ts';
import { seedCatalog } from './seed/catalog.ts';

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
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock: options.clock ?? systemClock,
    tokens,
    guard: createGuard(handle.db, tokens),
    prices: new PriceBook(handle.db),
    changes: new ChangeFeed(),
  };
  const app = await buildApp(ctx);
  return {
    app,
    ctx,
    handle,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
