import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import chat from './adapters/__fixtures__/openai-chat-completion.json';
import { openaiChat } from './adapters/openai.ts';
import { tavilySearch } from './adapters/tavily.ts';
import { statusOfError, toUsageEvent, withMetering } from './metering.ts';
import type { ReportEvent, ReportResult } from './types.ts';

function recorder() {
  const events: ReportEvent[] = [];
  return {
    events,
    report(event: ReportEvent): ReportResult {
      events.push(event);
      return { queued: true, event_id: 'id' };
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'Date', 'performance'] });
  vi.setSystemTime(new Date('2026-11-20T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('withMetering', () => {
  it('returns the reply and reports its usage, duration, status and start time', async () => {
    const reporter = recorder();
    const pending = withMetering(reporter, { user_id: 'user-1', adapter: openaiChat }, () =>
      after(420, chat),
    );
    await vi.advanceTimersByTimeAsync(420);
    await expect(pending).resolves.toBe(chat);
    expect(reporter.events).toEqual([
      {
        user_id: 'user-1',
        provider: 'openai',
        model: 'gpt-4o',
        endpoint: 'chat.completions',
        input_tokens: 348,
        cached_tokens: 1792,
        output_tokens: 187,
        reasoning_tokens: 0,
        response_time_ms: 420,
        status_code: 200,
        occurred_at: '2026-11-20T10:00:00.000Z',
      },
    ]);
  });

  it('lets the caller name the model and endpoint', async () => {
    const reporter = recorder();
    await withMetering(
      reporter,
      { user_id: 'u', adapter: openaiChat, model: 'gpt-4o-2024-08-06', endpoint: 'support-bot' },
      async () => chat,
    );
    expect(reporter.events[0]).toMatchObject({ model: 'gpt-4o-2024-08-06', endpoint: 'support-bot' });
  });

  it('rethrows a failed call unchanged and reports its HTTP status and message', async () => {
    const reporter = recorder();
    const failure = Object.assign(new Error('Rate limit reached for gpt-4o'), { status: 429 });
    const pending = withMetering(
      reporter,
      { user_id: 'u', adapter: openaiChat, model: 'gpt-4o' },
      async () => {
        await after(80, null);
        throw failure;
      },
    );
    const settled = expect(pending).rejects.toBe(failure);
    await vi.advanceTimersByTimeAsync(80);
    await settled;
    expect(reporter.events).toEqual([
      {
        user_id: 'u',
        provider: 'openai',
        model: 'gpt-4o',
        endpoint: 'chat.completions',
        response_time_ms: 80,
        status_code: 429,
        error: 'Rate limit reached for gpt-4o',
        occurred_at: '2026-11-20T10:00:00.000Z',
      },
    ]);
  });

  it('reports 500 for a failure without an HTTP status', async () => {
    const reporter = recorder();
    await expect(
      withMetering(reporter, { user_id: 'u', adapter: openaiChat }, async () => {
        throw new TypeError('fetch failed');
      }),
    ).rejects.toThrow('fetch failed');
    expect(reporter.events[0]).toMatchObject({ status_code: 500, error: 'fetch failed' });
  });

  it('reports a failed search with zero searches, so it is not billed one', async () => {
    const reporter = recorder();
    await expect(
      withMetering(reporter, { user_id: 'u', adapter: tavilySearch }, async () => {
        throw Object.assign(new Error('Unauthorized'), { statusCode: 401 });
      }),
    ).rejects.toThrow();
    expect(reporter.events[0]).toMatchObject({ provider: 'tavily', searches: 0, status_code: 401 });
  });

  it('returns the SDK reply type it was given, extra fields and all', async () => {
    // The shape an SDK declares: more fields than the adapter reads, and required ones.
    type SdkChatCompletion = {
      id: string;
      model: string;
      choices: Array<{ message: { content: string | null } }>;
      usage?: {
        prompt_tokens: number;
        completion_tokens: number;
        prompt_tokens_details?: { cached_tokens?: number };
      };
    };
    const sdkReply: SdkChatCompletion = { ...chat, choices: [{ message: { content: 'hi' } }] };
    const reply = await withMetering(recorder(), { user_id: 'u', adapter: openaiChat }, async () => sdkReply);
    expect(reply.choices[0]?.message.content).toBe('hi');
  });

  it('returns the reply even when reporting throws', async () => {
    const reporter = {
      report(): ReportResult {
        throw new Error('reporter broken');
      },
    };
    await expect(
      withMetering(reporter, { user_id: 'u', adapter: openaiChat }, async () => chat),
    ).resolves.toBe(chat);
  });
});

describe('statusOfError', () => {
  it.each([
    [{ status: 404 }, 404],
    [{ statusCode: 503 }, 503],
    [{ response: { status: 400 } }, 400],
    [{ status: 'bad' }, undefined],
    [{ status: 42 }, undefined],
    [new Error('no status'), undefined],
    ['a string', undefined],
  ])('reads %j as %s', (error, status) => {
    expect(statusOfError(error)).toBe(status);
  });
});

describe('toUsageEvent', () => {
  it('builds a report event from a reply without calling the provider', () => {
    expect(toUsageEvent({ user_id: 'u', adapter: tavilySearch }, { query: 'q', results: [] })).toEqual({
      user_id: 'u',
      provider: 'tavily',
      model: 'tavily-search',
      endpoint: 'search',
      input_tokens: 0,
      cached_tokens: 0,
      output_tokens: 0,
      reasoning_tokens: 0,
      searches: 1,
      status_code: 200,
    });
  });
});
