import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/connection.ts';
import { type EventWriter, queryEventWriter, sqliteEventWriter } from '../src/db/eventWriter.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { seedCatalog } from '../src/defaults/seedCatalog.ts';
import { storeReports } from '../src/domain/ingest.ts';
import { checkReport } from '../src/domain/ingestRows.ts';
import { PriceBook } from '../src/domain/priceBook.ts';

const dir = mkdtempSync(join(tmpdir(), 'spendscope-writers-'));
const handles: DatabaseHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date('2026-11-20T12:00:00Z');
const call = (id: string, user: string, extra: Record<string, unknown> = {}) => ({
  event_id: id,
  user_id: user,
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  input_tokens: 10,
  output_tokens: 5,
  response_time_ms: 100,
  occurred_at: '2026-11-19T08:00:00Z',
  ...extra,
});

/** Reports exercising every path: new and known users, repeats across reports, unpriced, errors, days. */
const reports = [
  [call('a', 'w1'), call('b', 'w1'), call('c', 'w2', { provider: 'openai', model: 'no-such-model' })],
  [
    call('b', 'w1'),
    call('d', 'w2', { status_code: 500, error: 'boom' }),
    call('e', 'w3', { provider: 'tavily' }),
  ],
  Array.from({ length: 120 }, (_, i) =>
    call(`bulk-${i}`, `w${i % 4}`, { occurred_at: `2026-11-${10 + (i % 9)}T01:00:00Z` }),
  ),
  [call('a', 'w1'), call('f', 'w1', { provider: 'stability', images: 2 })],
];

async function storeAll(name: string, writerOf: (h: DatabaseHandle) => EventWriter) {
  const handle = openDatabase(join(dir, `${name}.db`));
  handles.push(handle);
  await migrateToLatest(handle.db, handle.dialect);
  await seedCatalog(handle.db);
  const prices = new PriceBook(handle.db);
  const writer = writerOf(handle);
  const answers = [];
  // The first two reports go in one transaction (as group commit stores them), the rest one by one.
  for (const group of [reports.slice(0, 2), ...reports.slice(2).map((r) => [r])]) {
    const stored = await handle.db.transaction().execute((trx) =>
      storeReports({
        db: trx,
        prices,
        defaultPlanId: 'free',
        writer,
        reports: group.map((events) => ({ checked: checkReport(events, now.getTime()), now })),
      }),
    );
    answers.push(
      ...stored.results.map((r) => ({
        ...r,
        newAlerts: r.newAlerts.map((a) => [a.metric, a.threshold_percentage]),
      })),
    );
  }
  const { db } = handle;
  return {
    answers,
    events: await db
      .selectFrom('usage_events')
      .selectAll()
      .orderBy('event_id')
      .execute()
      .then((rows) => rows.map(({ id: _id, ...row }) => row)),
    rollups: await db
      .selectFrom('usage_rollups')
      .selectAll()
      .orderBy(['user_id', 'day', 'provider', 'model'])
      .execute(),
    totals: await db.selectFrom('usage_period_totals').selectAll().orderBy(['user_id', 'provider']).execute(),
    alerts: await db
      .selectFrom('alerts')
      .select(['user_id', 'metric', 'threshold'])
      .orderBy(['user_id', 'metric', 'threshold'])
      .execute(),
  };
}

describe('the SQLite ingest writer', () => {
  it('stores exactly what the portable statements store', async () => {
    const portable = await storeAll('portable', () => queryEventWriter);
    const prepared = await storeAll('prepared', (h) => sqliteEventWriter(h.sqlite!));
    expect(prepared).toEqual(portable);
    expect(portable.events).toHaveLength(126);
    expect(portable.answers[1]).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(portable.answers[3]).toMatchObject({ accepted: 1, duplicates: 1 });
  });
});
