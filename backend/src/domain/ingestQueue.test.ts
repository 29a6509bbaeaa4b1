import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { IngestResult, PendingReport } from './ingest.ts';
import { IngestQueue } from './ingestQueue.ts';
import { CHECK_SLICE } from './ingestRows.ts';

const call = (id: string) => ({ event_id: id, user_id: 'u1', provider: 'openai', model: 'gpt-4o' });
const now = new Date('2026-11-20T12:00:00Z');

/** A store that records each transaction's reports and answers with the number of events each had. */
function recordingStore(options: { failWhenGrouped?: boolean; failEventId?: string } = {}) {
  const transactions: string[][][] = [];
  const store = async (reports: readonly PendingReport[]): Promise<IngestResult[]> => {
    transactions.push(reports.map((r) => r.checked.events.map((e) => e.event_id)));
    const ids = reports.flatMap((r) => r.checked.events.map((e) => e.event_id));
    if (options.failWhenGrouped && reports.length > 1) throw new Error('deadlock');
    if (options.failEventId && ids.includes(options.failEventId)) throw new Error('broken event');
    return reports.map((r) => ({
      accepted: r.checked.events.length,
      duplicates: r.checked.duplicates,
      rejected: r.checked.rejected,
      touched: [],
      newAlerts: [],
    }));
  };
  return { transactions, store };
}

describe('group commit of reports', () => {
  it('stores reports that arrive together in one transaction, in arrival order', async () => {
    const { transactions, store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    const results = await Promise.all([
      queue.submit([call('a')], now),
      queue.submit([call('b'), call('c')], now),
      queue.submit([call('d')], now),
    ]);
    expect(transactions).toEqual([[['a'], ['b', 'c'], ['d']]]);
    expect(results.map((r) => r.accepted)).toEqual([1, 2, 1]);
  });

  it('groups reports that arrive while a transaction runs into the next one', async () => {
    const { transactions, store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    const first = queue.submit([call('a')], now);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [queue.submit([call('b')], now), queue.submit([call('c')], now)];
    await Promise.all([first, ...later]);
    expect(transactions).toEqual([[['a']], [['b'], ['c']]]);
  });

  it('keeps a transaction within the event cap, however many reports wait', async () => {
    const { transactions, store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1, maxEventsPerTransaction: 3 });
    await Promise.all([
      queue.submit([call('a'), call('b')], now),
      queue.submit([call('c'), call('d')], now),
      queue.submit([call('e')], now),
    ]);
    expect(transactions).toEqual([[['a', 'b']], [['c', 'd'], ['e']]]);
  });

  it('keeps arrival order when a report large enough to be checked in slices comes before a small one', async () => {
    const { transactions, store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    const large = Array.from({ length: CHECK_SLICE * 3 }, (_, i) => call(`L${i}`));
    const results = await Promise.all([queue.submit(large, now), queue.submit([call('s')], now)]);
    expect(transactions.flat().map((ids) => ids[0])).toEqual(['L0', 's']);
    expect(results.map((r) => r.accepted)).toEqual([CHECK_SLICE * 3, 1]);
  });

  it('lets the event loop run between the slices of a large report', async () => {
    const { store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    // One tick per turn of the event loop (each tick schedules the next), until the report is stored.
    let turns = 0;
    let isStored = false;
    const tick = () => {
      turns++;
      if (!isStored) setImmediate(tick);
    };
    setImmediate(tick);
    const large = Array.from({ length: CHECK_SLICE * 4 }, (_, i) => call(`T${i}`));
    await queue.submit(large, now);
    isStored = true;
    // Four slices: the loop turned at least between each two of them.
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('retries each report alone when the group fails, so a failure answers only its own report', async () => {
    const { transactions, store } = recordingStore({ failEventId: 'bad' });
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    const outcomes = await Promise.allSettled([
      queue.submit([call('a')], now),
      queue.submit([call('bad')], now),
      queue.submit([call('c')], now),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transactions).toEqual([[['a'], ['bad'], ['c']], [['a']], [['bad']], [['c']]]);
  });

  it('answers a report with nothing valid at once, without a transaction', async () => {
    const { transactions, store } = recordingStore();
    const queue = new IngestQueue({ store, maxInFlight: 1 });
    const result = await queue.submit([{ event_id: '' }], now);
    expect(result.accepted).toBe(0);
    expect(result.rejected).toHaveLength(1);
    expect(transactions).toEqual([]);
  });

  it('runs up to maxInFlight transactions at once', async () => {
    let running = 0;
    let most = 0;
    const queue = new IngestQueue({
      maxInFlight: 2,
      maxEventsPerTransaction: 1,
      store: async (reports) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return reports.map(() => ({ accepted: 1, duplicates: 0, rejected: [], touched: [], newAlerts: [] }));
      },
    });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => queue.submit([call(id)], now)));
    expect(most).toBe(2);
  });

  it('refuses a report with 503 and Retry-After while too many events wait, and takes it again once stored', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { store } = recordingStore();
    const queue = new IngestQueue({
      maxInFlight: 1,
      maxPendingEvents: 3,
      store: async (reports) => {
        await gate;
        return store(reports);
      },
    });
    const first = queue.submit([call('a'), call('b')], now);
    const refused = await queue.submit([call('c'), call('d')], now).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    release();
    await first;
    expect((await queue.submit([call('c'), call('d')], now)).accepted).toBe(2);
  });
});
