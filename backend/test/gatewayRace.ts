import { apiPath, usageBatchResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { expect } from 'vitest';
import { call } from './harness.ts';
import type { StandIn } from './providerStandIn.ts';

/** Reports `count` earlier calls of `userId` to `provider`, so the user starts the race near a limit. */
export async function reportEarlierCalls(
  base: string,
  apiKey: string,
  userId: string,
  provider: string,
  count: number,
): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({
    event_id: `${userId}-earlier-${i}`,
    user_id: userId,
    provider,
    model: 'gemini-2.5-flash',
  }));
  const res = await call(base, '/api/usage/events', { token: apiKey, body: { events } });
  expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(count);
}

/** Waits (polling) until `done()` holds; fails after many tries, never on how long one took. */
export async function eventually(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Runs `calls` concurrent calls while the stand-in holds every call that reaches it; once each call
 * was either refused or is held upstream, the held ones are answered. Returns how many reached the
 * upstream, the refusals and the answers.
 */
export async function race<T>(
  upstream: StandIn,
  calls: Array<() => Promise<T>>,
): Promise<{ reachedUpstream: number; answered: T[]; refused: unknown[] }> {
  upstream.behavior = 'hold';
  upstream.seen.length = 0;
  const refused: unknown[] = [];
  const answered: T[] = [];
  const running = calls.map((start) =>
    start().then(
      (value) => {
        answered.push(value);
      },
      (error: unknown) => {
        refused.push(error);
      },
    ),
  );
  await eventually(
    () => refused.length + upstream.seen.length === calls.length,
    'every call refused or upstream',
  );
  const reachedUpstream = upstream.seen.length;
  upstream.release();
  upstream.behavior = 'answer';
  await Promise.all(running);
  return { reachedUpstream, answered, refused };
}

/** The user's total calls this period, as their usage page shows them. */
export async function totalCalls(base: string, userId: string, token: string): Promise<number> {
  const res = await call(base, apiPath.usage(userId), { token });
  return usageStatsSchema.parse(res.body).total_calls;
}
