import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter, type ReporterOptions } from './reporter.ts';
import { llmCall } from './testing/events.ts';
import { fakeIngest } from './testing/fake-ingest.ts';
import type { DropReason, QueuedEvent, Rejection } from './types.ts';

const URL = 'http://spendscope.test';

function setup(options: Partial<ReporterOptions> = {}) {
  const ingest = fakeIngest();
  const drops: Array<{ events: QueuedEvent[]; reason: DropReason }> = [];
  const rejections: Rejection[] = [];
  const reporter = createReporter({
    url: `${URL}/`,
    apiKey: 'sk_test',
    batchSize: 2,
    flushIntervalMs: 1000,
    fetch: ingest.fetch,
    random: () => 0,
    onDrop: (events, reason) => drops.push({ events, reason }),
    onRejected: (list) => rejections.push(...list),
    ...options,
  });
  return { ingest, reporter, drops, rejections };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-20T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('batching', () => {
  it('sends a batch as soon as it is full, to the report endpoint with the API key', async () => {
    const { ingest, reporter } = setup();
    reporter.report(llmCall(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.requests).toHaveLength(0);

    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.requests).toHaveLength(1);
    const [request] = ingest.requests;
    expect(request?.url).toBe(`${URL}/api/usage/events`);
    expect(request?.headers.get('authorization')).toBe('Bearer sk_test');
    expect(request?.events.map((e) => e.input_tokens)).toEqual([1, 2]);
    await reporter.close();
  });

  it('sends a partial batch when the flush interval passes', async () => {
    const { ingest, reporter } = setup({ batchSize: 10 });
    reporter.report(llmCall(1));
    await vi.advanceTimersByTimeAsync(999);
    expect(ingest.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ingest.requests).toHaveLength(1);
    expect(ingest.stored.size).toBe(1);
    await reporter.close();
  });

  it('splits what is queued into batches of batchSize, oldest first', async () => {
    const { ingest, reporter } = setup({ batchSize: 3, flushIntervalMs: 60_000 });
    for (let n = 1; n <= 7; n++) reporter.report(llmCall(n));
    await reporter.flush();
    expect(ingest.requests.map((r) => r.events.map((e) => e.input_tokens))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7],
    ]);
  });

  it('flush() resolves once everything queued before it is stored', async () => {
    const { ingest, reporter } = setup({ batchSize: 10, flushIntervalMs: 60_000 });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await reporter.flush();
    expect(ingest.stored.size).toBe(2);
    expect(reporter.stats()).toMatchObject({ queued: 0, accepted: 2, batches: 1 });
  });

  it('flush() with nothing queued resolves without a request', async () => {
    const { ingest, reporter } = setup();
    await reporter.flush();
    expect(ingest.requests).toHaveLength(0);
  });
});

describe('idempotency keys', () => {
  it('gives each event its own event_id and the time it was reported', () => {
    const { reporter } = setup({ batchSize: 10 });
    const first = reporter.report(llmCall(1));
    const second = reporter.report(llmCall(2));
    expect(first.queued && second.queued).toBe(true);
    expect(first.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.event_id).not.toBe(first.event_id);
  });

  it('makes time-ordered (version 7) ids, each greater than the one before', () => {
    const { reporter } = setup({ batchSize: 5000 });
    const ids = Array.from({ length: 500 }, (_, i) => reporter.report(llmCall(i)).event_id);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps an event_id and occurred_at the caller gave', async () => {
    const { ingest, reporter } = setup({ batchSize: 1 });
    reporter.report({ ...llmCall(1), event_id: 'order-17-call-2', occurred_at: '2026-11-19T08:00:00Z' });
    await reporter.flush();
    expect(ingest.requests[0]?.events[0]).toMatchObject({
      event_id: 'order-17-call-2',
      occurred_at: '2026-11-19T08:00:00Z',
    });
  });

  it('stamps occurred_at when reported, not when sent', async () => {
    const { ingest, reporter } = setup({ batchSize: 10 });
    reporter.report(llmCall(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(ingest.requests[0]?.events[0]?.occurred_at).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('invalid events', () => {
  it('refuses an invalid event at once, says why, and never sends it', async () => {
    const { ingest, reporter, rejections } = setup({ batchSize: 1 });
    const result = reporter.report({ ...llmCall(1), input_tokens: -5 });
    expect(result).toMatchObject({ queued: false, reason: 'invalid' });
    expect(rejections).toHaveLength(1);
    expect(rejections[0]?.error).toEqual({
      code: 'validation_error',
      message: 'input_tokens: input_tokens must not be negative',
    });
    await reporter.flush();
    expect(ingest.requests).toHaveLength(0);
    expect(reporter.stats().rejected).toBe(1);
  });

  it('hands events the server rejected to onRejected, matched by index', async () => {
    const { ingest, reporter, rejections } = setup({ batchSize: 3 });
    ingest.script({
      status: 200,
      body: {
        accepted: 2,
        duplicates: 0,
        rejected: [{ index: 1, error: { code: 'validation_error', message: 'unknown model' } }],
      },
    });
    reporter.report(llmCall(1));
    const second = reporter.report(llmCall(2));
    reporter.report(llmCall(3));
    await reporter.flush();
    expect(rejections.map((r) => r.event.event_id)).toEqual([second.event_id]);
    expect(reporter.stats()).toMatchObject({ accepted: 2, rejected: 1 });
  });
});

describe('queue bound', () => {
  it('refuses the newest events once maxQueue are held, and reports them dropped', async () => {
    const { ingest, reporter, drops } = setup({ batchSize: 2, maxQueue: 3, closeTimeoutMs: 100 });
    ingest.script('hang');
    const results = [1, 2, 3, 4, 5].map((n) => reporter.report(llmCall(n)));
    expect(results.map((r) => r.queued)).toEqual([true, true, true, false, false]);
    expect(results[3]).toMatchObject({ queued: false, reason: 'queue_full' });
    expect(drops.map((d) => [d.reason, d.events.map((e) => e.input_tokens)])).toEqual([
      ['queue_full', [4]],
      ['queue_full', [5]],
    ]);
    expect(reporter.stats()).toMatchObject({ queued: 3, dropped: 2 });
    // The events already held are kept: the batch in flight is the oldest two.
    expect(ingest.requests[0]?.events.map((e) => e.input_tokens)).toEqual([1, 2]);
    const closed = reporter.close();
    await vi.advanceTimersByTimeAsync(100);
    await closed;
  });
});

describe('close', () => {
  it('delivers everything still queued', async () => {
    const { ingest, reporter } = setup({ batchSize: 10, flushIntervalMs: 60_000 });
    for (let n = 1; n <= 3; n++) reporter.report(llmCall(n));
    await reporter.close();
    expect(ingest.stored.size).toBe(3);
    expect(reporter.stats().queued).toBe(0);
  });

  it('refuses events reported after it and reports them dropped', async () => {
    const { reporter, drops } = setup();
    await reporter.close();
    expect(reporter.report(llmCall(1))).toMatchObject({ queued: false, reason: 'closed' });
    expect(drops).toHaveLength(1);
    expect(drops[0]?.reason).toBe('closed');
  });

  it('stops the flush timer', async () => {
    const { ingest, reporter } = setup({ batchSize: 10 });
    await reporter.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ingest.requests).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after closeTimeoutMs while the server is unreachable, dropping what is left', async () => {
    const { ingest, reporter, drops } = setup({ batchSize: 10, closeTimeoutMs: 5000 });
    ingest.script(...Array<'network-error'>(100).fill('network-error'));
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    let isClosed = false;
    const closed = reporter.close().then(() => {
      isClosed = true;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(isClosed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await closed;
    expect(drops).toEqual([{ reason: 'close_timeout', events: [expect.anything(), expect.anything()] }]);
    expect(reporter.stats()).toMatchObject({ queued: 0, dropped: 2, accepted: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns the same promise when called twice', async () => {
    const { reporter } = setup();
    expect(reporter.close()).toBe(reporter.close());
  });
});

describe('options', () => {
  it('refuses a batch size the server would refuse', () => {
    expect(() => setup({ batchSize: 5001 })).toThrow(/batchSize must be a whole number from 1 to 5000/);
    expect(() => setup({ batchSize: 0 })).toThrow(RangeError);
  });

  it('refuses a url without a scheme', () => {
    expect(() => setup({ url: 'spendscope.test' })).toThrow(/url must start with http/);
  });
});
