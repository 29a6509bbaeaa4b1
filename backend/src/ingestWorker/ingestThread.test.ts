import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { seedCatalog } from '../defaults/seedCatalog.ts';
import { checkReport } from '../domain/ingestRows.ts';
import { startIngestThread } from './ingestThread.ts';

const dir = mkdtempSync(join(tmpdir(), 'spendscope-ingest-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const now = new Date('2026-11-20T12:00:00Z');
const report = (ids: string[]) => ({
  checked: checkReport(
    ids.map((id) => ({
      event_id: id,
      user_id: 'thread-user',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      input_tokens: 10,
      output_tokens: 5,
      occurred_at: '2026-11-19T08:00:00Z',
    })),
    now.getTime(),
  ),
  now,
});

describe('the ingest worker thread', () => {
  it('stores reports on its own connection, counting a repeated event_id once, and answers each', async () => {
    const target = join(dir, 'stored.db');
    const handle = openDatabase(target);
    await migrateToLatest(handle.db, handle.dialect);
    await seedCatalog(handle.db);
    const thread = startIngestThread({ target, defaultPlanId: 'free' });
    try {
      const [first] = await thread.store([report(['t1', 't2'])]);
      const [second, third] = await thread.store([report(['t2', 't3']), report(['t3'])]);
      expect([first?.accepted, second?.accepted, third?.accepted]).toEqual([2, 1, 0]);
      expect([second?.duplicates, third?.duplicates]).toEqual([1, 1]);
      const rows = await handle.db
        .selectFrom('usage_events')
        .select('event_id')
        .orderBy('event_id')
        .execute();
      expect(rows.map((r) => r.event_id)).toEqual(['t1', 't2', 't3']);
    } finally {
      await thread.close();
      await handle.close();
    }
  });

  it('reserves, releases and expires on its own connection', async () => {
    const target = join(dir, 'reservations.db');
    const handle = openDatabase(target);
    await migrateToLatest(handle.db, handle.dialect);
    await seedCatalog(handle.db);
    const thread = startIngestThread({ target, defaultPlanId: 'free' });
    const at = { nowMs: now.getTime(), ttlMs: 60_000 };
    const request = {
      userId: 'thread-reserver',
      provider: 'tavily',
      estimatedCostNano: 0,
      estimatedTokens: 0,
    } as const;
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 25 }, () => thread.reservations.reserve(request, at)),
      );
      // Free: 20 Tavily calls.
      expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
      const first = outcomes[0];
      expect(first?.ok && (await thread.reservations.release(first.reservationId, at.nowMs))).toBe(true);
      expect((await thread.reservations.reserve(request, at)).ok).toBe(true);
      expect(await thread.reservations.expire(at.nowMs + at.ttlMs)).toBe(21);
      expect(await handle.db.selectFrom('reservations').select('id').execute()).toEqual([]);
    } finally {
      await thread.close();
      await handle.close();
    }
  });

  it('refuses a store that fails in the thread without stopping it, and refuses stores once closed', async () => {
    // No schema yet: the first store fails inside the worker.
    const target = join(dir, 'late-schema.db');
    const thread = startIngestThread({ target, defaultPlanId: 'free' });
    const handle = openDatabase(target);
    try {
      await expect(thread.store([report(['f1'])])).rejects.toThrow(/no such table/);
      await migrateToLatest(handle.db, handle.dialect);
      await seedCatalog(handle.db);
      const [result] = await thread.store([report(['f1'])]);
      expect(result?.accepted).toBe(1);
    } finally {
      await thread.close();
      await handle.close();
    }
    await expect(thread.store([report(['f2'])])).rejects.toThrow(/closed/);
  });
});
