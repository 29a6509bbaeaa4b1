import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter, type ReporterOptions } from './reporter.ts';
import { llmCall } from './testing/events.ts';
import { fakeIngest } from './testing/fake-ingest.ts';
import type { DropReason, Rejection } from './types.ts';

function setup(options: Partial<ReporterOptions> = {}) {
  const ingest = fakeIngest();
  const drops: DropReason[] = [];
  const rejections: Rejection[] = [];
  const errors: Error[] = [];
  const reporter = createReporter({
    url: 'http://spendscope.test',
    apiKey: 'sk_test',
    batchSize: 2,
    flushIntervalMs: 60_000,
    fetch: ingest.fetch,
    // Jitter at its lowest: each wait is half the capped exponential delay.
    random: () => 0,
    retry: { initialDelayMs: 1000, maxDelayMs: 8000 },
    onDrop: (_events, reason) => drops.push(reason),
    onRejected: (list) => rejections.push(...list),
    onError: (error) => errors.push(error),
    ...options,
  });
  return { ingest, reporter, drops, rejections, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retries', () => {
  it('resends after a network error, with exponentially growing waits', async () => {
    const { ingest, reporter, errors } = setup();
    ingest.script('network-error', 'network-error', 'network-error');
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.requests).toHaveLength(1);

    // Waits of 500, 1000 and 2000 ms (half of 1 s, 2 s, 4 s with the lowest jitter).
    for (const [wait, attempts] of [
      [500, 2],
      [1000, 3],
      [2000, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(ingest.requests).toHaveLength(attempts - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(ingest.requests).toHaveLength(attempts);
    }
    expect(ingest.stored.size).toBe(2);
    expect(reporter.stats()).toMatchObject({ retries: 3, accepted: 2, queued: 0 });
    expect(errors).toHaveLength(3);
  });

  it('resends the same events with the same event ids', async () => {
    const { ingest, reporter } = setup();
    ingest.script('network-error', { status: 503 }, { status: 500 });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ingest.requests).toHaveLength(4);
    const bodies = ingest.requests.map((r) => JSON.stringify(r.events));
    expect(new Set(bodies).size).toBe(1);
  });

  it('counts an event once when a stored batch lost its reply and was sent again', async () => {
    const { ingest, reporter } = setup();
    ingest.script('lost-reply');
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ingest.requests).toHaveLength(2);
    expect(ingest.stored.size).toBe(2);
    expect(reporter.stats()).toMatchObject({ accepted: 0, duplicates: 2, retries: 1 });
  });

  it('caps the wait at maxDelayMs', async () => {
    const { ingest, reporter } = setup({ random: () => 0.999_999 });
    ingest.script(...Array<'network-error'>(8).fill('network-error'));
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(0);
    // 1 s, 2 s, 4 s, then 8 s at most every time.
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(ingest.requests).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(8000);
    expect(ingest.requests).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(8000);
    expect(ingest.requests).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(3 * 8000);
    expect(ingest.requests).toHaveLength(9);
    expect(ingest.stored.size).toBe(2);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const { ingest, reporter } = setup();
    ingest.script({ status: 429, headers: { 'retry-after': '7' } });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(6999);
    expect(ingest.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ingest.requests).toHaveLength(2);
    expect(ingest.stored.size).toBe(2);
  });

  it('honours Retry-After given as an HTTP date on a 503', async () => {
    vi.setSystemTime(new Date('2026-11-20T10:00:00Z'));
    const { ingest, reporter } = setup();
    ingest.script({ status: 503, headers: { 'retry-after': 'Fri, 20 Nov 2026 10:00:03 GMT' } });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(2999);
    expect(ingest.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ingest.requests).toHaveLength(2);
  });

  it('resends a batch whose request timed out', async () => {
    const { ingest, reporter } = setup({ requestTimeoutMs: 2000 });
    ingest.script('hang');
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(2000 + 500);
    expect(ingest.requests).toHaveLength(2);
    expect(ingest.stored.size).toBe(2);
  });

  it('drops a batch after retry.maxAttempts failed attempts', async () => {
    const { ingest, reporter, drops } = setup({ retry: { initialDelayMs: 10, maxAttempts: 3 } });
    ingest.script('network-error', 'network-error', 'network-error');
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await vi.advanceTimersByTimeAsync(1000);
    expect(ingest.requests).toHaveLength(3);
    expect(drops).toEqual(['retries_exhausted']);
    expect(reporter.stats()).toMatchObject({ dropped: 2, queued: 0 });
  });

  it('keeps later events waiting behind a batch that is being retried, in order', async () => {
    const { ingest, reporter } = setup();
    ingest.script('network-error');
    for (let n = 1; n <= 4; n++) reporter.report(llmCall(n));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ingest.requests.map((r) => r.events.map((e) => e.input_tokens))).toEqual([
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('refusals', () => {
  it.each([400, 401, 403, 413])(
    'does not resend a batch answered %i, and rejects its events',
    async (status) => {
      const { ingest, reporter, rejections } = setup();
      ingest.script({ status, body: { error: { code: 'unauthorized', message: 'API key not recognised' } } });
      reporter.report(llmCall(1));
      reporter.report(llmCall(2));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ingest.requests).toHaveLength(1);
      expect(rejections.map((r) => r.error)).toEqual([
        { code: 'unauthorized', message: 'API key not recognised' },
        { code: 'unauthorized', message: 'API key not recognised' },
      ]);
      expect(reporter.stats()).toMatchObject({ rejected: 2, retries: 0, queued: 0 });
    },
  );

  it('reads a refusal that is not JSON', async () => {
    const { reporter, rejections } = setup({
      fetch: async () => new Response('<html>Forbidden</html>', { status: 403, statusText: 'Forbidden' }),
    });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await reporter.flush();
    expect(rejections[0]?.error).toEqual({ code: 'http_403', message: '<html>Forbidden</html>' });
  });

  it('does not resend a batch whose 2xx reply is not a batch reply, and says so', async () => {
    const { ingest, reporter, errors } = setup();
    ingest.script({ status: 200, body: { ok: true } });
    reporter.report(llmCall(1));
    reporter.report(llmCall(2));
    await reporter.flush();
    expect(ingest.requests).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/unexpected batch reply/);
  });

  it('keeps delivering when a callback throws', async () => {
    const { ingest, reporter } = setup({
      onRejected: () => {
        throw new Error('callback bug');
      },
    });
    ingest.script({ status: 400 });
    for (let n = 1; n <= 4; n++) reporter.report(llmCall(n));
    await reporter.flush();
    expect(ingest.stored.size).toBe(2);
  });
});
