import { type Provider, type UsageStats, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenReservations } from '../../backend/src/db/reservations.ts';
import { computeCostNano, pricedModelName } from '../../backend/src/domain/cost.ts';
import { PriceBook } from '../../backend/src/domain/priceBook.ts';
import { startTestServer, type TestServer } from '../../backend/test/harness.ts';
import anthropicReply from './adapters/__fixtures__/anthropic-message-cache-read.json';
import firecrawlReply from './adapters/__fixtures__/firecrawl-crawl-status.json';
import geminiReply from './adapters/__fixtures__/gemini-generate-content-thinking.json';
import openaiReply from './adapters/__fixtures__/openai-chat-completion.json';
import stabilityReply from './adapters/__fixtures__/stability-v1-generation.json';
import tavilyReply from './adapters/__fixtures__/tavily-search.json';
import {
  anthropicMessages,
  firecrawl,
  geminiGenerateContent,
  openaiChat,
  stabilityImage,
  tavilySearch,
} from './adapters/index.ts';
import { toUsageEvent, withMetering } from './metering.ts';
import { createReporter } from './reporter.ts';
import { startTcpProxy } from './testing/tcp-proxy.ts';
import type { QueuedEvent, ReportEvent } from './types.ts';

const USERS = ['app-user-1', 'app-user-2', 'app-user-3'];
/** The server's price table (its own rows and the catalog's), read once the server has seeded it. */
let prices: PriceBook;

/** What the server will charge for an event, from its own price table and cost function. */
function expectedNano(event: QueuedEvent): number {
  const price = prices.find(
    event.provider,
    pricedModelName(event.provider, event.model),
    Date.parse(event.occurred_at),
  );
  if (!price) throw new Error(`no price for ${event.provider}/${event.model}`);
  return computeCostNano(
    {
      provider: event.provider,
      input_tokens: event.input_tokens ?? 0,
      output_tokens: event.output_tokens ?? 0,
      cached_tokens: event.cached_tokens ?? 0,
      cache_write_tokens: event.cache_write_tokens ?? 0,
      cache_write_1h_tokens: event.cache_write_1h_tokens ?? 0,
      searches: event.searches,
      pages: event.pages,
      images: event.images,
    },
    price,
  );
}

/** The n-th call of the test: a mix of providers, users and replies. */
function call(n: number): ReportEvent {
  const user_id = USERS[n % USERS.length]!;
  const replies = [
    () => toUsageEvent({ user_id, adapter: openaiChat }, openaiReply),
    () => toUsageEvent({ user_id, adapter: anthropicMessages }, anthropicReply),
    () => toUsageEvent({ user_id, adapter: geminiGenerateContent }, geminiReply),
    () => toUsageEvent({ user_id, adapter: tavilySearch }, tavilyReply),
    () => toUsageEvent({ user_id, adapter: firecrawl }, firecrawlReply),
    () => toUsageEvent({ user_id, adapter: stabilityImage }, stabilityReply),
  ];
  return { ...replies[n % replies.length]!(), response_time_ms: 100 + n };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function usageOf(
  server: TestServer,
  userId: string,
  period: string,
  token: string,
): Promise<UsageStats> {
  const response = await fetch(`${server.url}/api/billing/usage/${userId}?period=${period}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return usageStatsSchema.parse(await response.json());
}

describe('reporter against the real server', () => {
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeAll(async () => {
    server = await startTestServer();
    prices = new PriceBook(server.server.ctx.db);
    await prices.refresh();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
  });

  afterAll(async () => {
    await proxy?.stop();
    await server?.close();
  });

  it('delivers every event exactly once across an outage and lost acknowledgements', async () => {
    const sent: QueuedEvent[] = [];
    const problems: string[] = [];
    const reporter = createReporter({
      url: proxy.url,
      apiKey: server.apiKey,
      batchSize: 25,
      flushIntervalMs: 50,
      requestTimeoutMs: 2000,
      closeTimeoutMs: 20_000,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      onRejected: (list) => problems.push(...list.map((r) => `rejected: ${r.error.message}`)),
      onDrop: (events, reason) => problems.push(`dropped ${events.length}: ${reason}`),
    });
    const occurredAt = new Date().toISOString();
    // Every event the reporter took, as it will send it.
    const recording = {
      report(event: ReportEvent) {
        const result = reporter.report(event);
        expect(result.queued).toBe(true);
        sent.push({ ...event, event_id: result.event_id, occurred_at: event.occurred_at ?? occurredAt });
        return result;
      },
    };
    let n = 0;
    const reportSome = (count: number) => {
      for (let i = 0; i < count; i++, n++) recording.report({ ...call(n), occurred_at: occurredAt });
    };

    // 1. The server is unreachable: nothing gets through, the reporter keeps retrying.
    await proxy.stop();
    reportSome(120);
    await waitUntil(() => reporter.stats().retries >= 5, 'the reporter has retried');
    expect(reporter.stats()).toMatchObject({ accepted: 0, duplicates: 0, queued: 120 });

    // 2. It comes back, but every acknowledgement is lost on the way: batches are stored, then resent.
    proxy.setMode('drop-replies');
    await proxy.start();
    await waitUntil(() => proxy.droppedReplies >= 3, 'stored batches lost their replies');
    reportSome(60);

    // 3. Healthy again, including calls metered as they happen — one of them failing.
    proxy.setMode('forward');
    for (let i = 0; i < 5; i++) {
      await withMetering(
        recording,
        { user_id: USERS[i % USERS.length]!, adapter: openaiChat },
        async () => openaiReply,
      );
    }
    const rateLimited = Object.assign(new Error('Rate limit reached'), { status: 429 });
    await expect(
      withMetering(recording, { user_id: USERS[0]!, adapter: tavilySearch }, async () => {
        throw rateLimited;
      }),
    ).rejects.toBe(rateLimited);
    reportSome(70);
    await reporter.close();

    expect(problems).toEqual([]);
    const stats = reporter.stats();
    expect(sent).toHaveLength(n + 6);
    expect(new Set(sent.map((e) => e.event_id)).size).toBe(sent.length);
    expect(stats).toMatchObject({ rejected: 0, dropped: 0, queued: 0 });
    // Each event acknowledged once: as newly stored, or (resent after a lost reply) as already stored.
    expect(stats.accepted + stats.duplicates).toBe(sent.length);
    expect(stats.duplicates).toBeGreaterThan(0);

    // What the server holds: every call once, at the cost its price table gives.
    const period = occurredAt.slice(0, 7);
    const expected = new Map(
      USERS.map((u) => [u, { calls: 0, nano: 0, perProvider: new Map<Provider, number>() }]),
    );
    for (const event of sent) {
      const entry = expected.get(event.user_id)!;
      entry.calls++;
      entry.nano += expectedNano(event);
      entry.perProvider.set(event.provider, (entry.perProvider.get(event.provider) ?? 0) + 1);
    }
    for (const userId of USERS) {
      const usage = await usageOf(server, userId, period, await server.tokenFor(userId));
      const want = expected.get(userId)!;
      expect(usage.total_calls).toBe(want.calls);
      expect(Math.round(usage.total_cost * 1e9)).toBe(want.nano);
      for (const [provider, calls] of want.perProvider) {
        expect(usage.provider_breakdown[provider].calls).toBe(calls);
      }
    }
    const asAdmin = await usageOf(server, USERS[1]!, period, server.adminToken);
    expect(asAdmin.total_calls).toBe(expected.get(USERS[1]!)!.calls);
  });

  it('reserves a call with check, settles it by the report and releases an abandoned one', async () => {
    const reporter = createReporter({ url: server.url, apiKey: server.apiKey, flushIntervalMs: 50 });
    const userId = 'app-user-reserving';
    const made = await reporter.check({ user_id: userId, provider: 'gemini', reserve: true });
    const abandoned = await reporter.check({ user_id: userId, provider: 'gemini', reserve: true });
    expect([made.allowed, abandoned.allowed]).toEqual([true, true]);
    expect(abandoned.remaining.calls).toBe(98);

    const event = toUsageEvent({ user_id: userId, adapter: geminiGenerateContent }, geminiReply);
    reporter.report({ ...event, ...(made.reservation_id ? { reservation_id: made.reservation_id } : {}) });
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ accepted: 1, rejected: 0 });
    await expect(reporter.release(abandoned.reservation_id ?? '')).resolves.toMatchObject({ released: true });
    await expect(reporter.release(abandoned.reservation_id ?? '')).resolves.toMatchObject({
      released: false,
    });

    // Time 0: every reservation still open, expired or not.
    expect(await countOpenReservations(server.server.ctx.db, userId, 0)).toBe(0);
    const next = await reporter.check({ user_id: userId, provider: 'gemini', reserve: true });
    expect(next.remaining.calls).toBe(98);
    await reporter.close();
  });
});
