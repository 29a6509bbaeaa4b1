import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest, migrateUpTo } from '../src/db/migrations.ts';
import { seedCatalog } from '../src/defaults/seedCatalog.ts';
import { PriceBook } from '../src/domain/priceBook.ts';
import { createPgDatabase, type TestDatabase, testDialect } from './testDatabase.ts';

// A database as the release before the catalog left it: the 2024 seed rows, an operator's price and a
// priced event; then this release's migration and start-up run over it.

let handle: DatabaseHandle;
let pgDatabase: TestDatabase | undefined;
let dir: string | undefined;
const SEED_FROM = Date.UTC(2020, 0, 1);

beforeAll(async () => {
  if (testDialect() === 'postgres') {
    pgDatabase = await createPgDatabase();
    handle = openDatabase(pgDatabase.url);
  } else {
    dir = mkdtempSync(join(tmpdir(), 'spendscope-upgrade-'));
    handle = openDatabase(join(dir, 'old.db'));
  }
  await migrateUpTo(handle.db, handle.dialect, '0002_period_totals');
  const price = (model: string, from: number, input: number) =>
    sql`insert into prices (provider, model, input_pico, output_pico, cached_pico, request_pico, search_pico,
      image_pico, page_pico, description, effective_from, effective_to, created_at)
      values ('anthropic', ${model}, ${input}, 15000000, 300000, 0, 0, 0, 0, null, ${from}, null, 0)`.execute(
      handle.db,
    );
  await price('claude-3.5-sonnet', SEED_FROM, 3_000_000);
  await price('claude-private', Date.UTC(2026, 5, 1), 1_000_000);
  await sql`insert into usage_events (event_id, user_id, provider, model, endpoint, input_tokens, output_tokens,
    cached_tokens, reasoning_tokens, searches, pages, images, response_time_ms, status_code, error, occurred_at,
    received_at, billing_period, cost_nano, price_id)
    values ('old-1', 'u1', 'anthropic', 'claude-3.5-sonnet', null, 1000, 100, 0, 0, 0, 0, 0, null, 200, null,
      ${Date.UTC(2026, 10, 2)}, ${Date.UTC(2026, 10, 2)}, '2026-11', 4500000, 1)`.execute(handle.db);
  await migrateToLatest(handle.db, handle.dialect);
  await seedCatalog(handle.db);
});

afterAll(async () => {
  await handle.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await pgDatabase?.drop();
});

describe('upgrading a database from before the catalog', () => {
  it('marks the seed rows as Spendscope’s own and every other stored price as the operator’s', async () => {
    const rows = await handle.db
      .selectFrom('prices')
      .select(['model', 'source'])
      .where('source', 'not like', 'genai-prices@%')
      .execute();
    expect(rows.find((r) => r.model === 'claude-3.5-sonnet')?.source).toBe('spendscope');
    expect(rows.find((r) => r.model === 'claude-private')?.source).toBe('operator');
  });

  it('keeps stored events as they were, with no cache writes and no recorded match', async () => {
    const event = await handle.db
      .selectFrom('usage_events')
      .selectAll()
      .where('event_id', '=', 'old-1')
      .executeTakeFirstOrThrow();
    expect(Number(event.cost_nano)).toBe(4_500_000);
    expect(Number(event.cache_write_tokens)).toBe(0);
    expect(Number(event.cache_write_1h_tokens)).toBe(0);
    expect(event.price_match).toBeNull();
  });

  it('imports the catalog once and prices old names by it, the operator’s own model by its row', async () => {
    const book = new PriceBook(handle.db);
    await book.refresh();
    const at = Date.UTC(2026, 10, 20);
    const sonnet = book.resolve('anthropic', 'claude-3.5-sonnet', at);
    expect(sonnet?.price.source).toMatch(/^genai-prices@/);
    expect(sonnet?.price.model).toBe('claude-3-5-sonnet');
    expect(book.resolve('anthropic', 'claude-private', at)).toMatchObject({
      match: 'override',
      price: { input_pico: 1_000_000 },
    });
    const count = async () =>
      Number(
        (
          await handle.db
            .selectFrom('prices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await seedCatalog(handle.db);
    expect(await count()).toBe(before);
  });
});
