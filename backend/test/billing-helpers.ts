import { usageBatchResponseSchema } from '@spendscope/contracts';
import { expect } from 'vitest';
import { call, type TestServer } from './harness.ts';

/** The instant billing tests run at: 20 November 2026, noon UTC (a 30-day month, two thirds gone). */
export const NOW = new Date('2026-11-20T12:00:00Z');
export const fixedClock = () => NOW;

let sequence = 0;

/** A small Gemini call (15 tokens, a fraction of a cent) at `at`. */
export function geminiCall(userId: string, at: Date = NOW, id = `g-${userId}-${++sequence}`) {
  return {
    event_id: id,
    user_id: userId,
    provider: 'gemini' as const,
    model: 'gemini-2.5-flash',
    input_tokens: 10,
    output_tokens: 5,
    response_time_ms: 120,
    occurred_at: at.toISOString(),
  };
}

/** Reports events with the test key and expects every one accepted. */
export async function reportAll(t: TestServer, events: unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const res = await call(t.url, '/api/usage/events', {
      method: 'POST',
      token: t.apiKey,
      body: { events: events.slice(i, i + 5000) },
    });
    expect(res.status).toBe(200);
    expect(usageBatchResponseSchema.parse(res.body).rejected).toEqual([]);
  }
}
