import { describe, expect, it } from 'vitest';
import type { NewUsageEvent } from '../db/schema.ts';
import { PeriodCeiling } from './periodCeiling.ts';

const zero = {
  input_tokens: 0,
  output_tokens: 0,
  cached_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  searches: 0,
  pages: 0,
  images: 0,
  cost_nano: 0,
};

const call = (extra: Partial<NewUsageEvent>): NewUsageEvent => ({
  event_id: 'e',
  user_id: 'u1',
  provider: 'openai',
  model: 'gpt-4o',
  status_code: 200,
  occurred_at: 0,
  received_at: 0,
  billing_period: '2026-11',
  price_id: 1,
  ...zero,
  ...extra,
});

describe('the ceiling of a user and month', () => {
  it('adds up the stored providers, admits a call reaching the ceiling exactly and refuses the next', () => {
    const ceiling = new PeriodCeiling(
      [
        { user_id: 'u1', billing_period: '2026-11', ...zero, input_tokens: 40 },
        { user_id: 'u1', billing_period: '2026-11', ...zero, input_tokens: 50 },
      ],
      100,
    );
    expect(ceiling.admit(call({ input_tokens: 10 }))).toBeUndefined();
    expect(ceiling.admit(call({ input_tokens: 1 }))).toMatch(
      /input_tokens \(1\) would take the total of user u1 in 2026-11 \(now 100\) past the ceiling of 100/,
    );
    // A refused call counted nothing: another measure still has room.
    expect(ceiling.admit(call({ output_tokens: 100 }))).toBeUndefined();
  });

  it('keeps users and periods apart', () => {
    const ceiling = new PeriodCeiling(
      [{ user_id: 'u1', billing_period: '2026-11', ...zero, images: 100 }],
      100,
    );
    expect(ceiling.admit(call({ images: 1 }))).toBeDefined();
    expect(ceiling.admit(call({ images: 100, billing_period: '2026-12' }))).toBeUndefined();
    expect(ceiling.admit(call({ images: 100, user_id: 'u2' }))).toBeUndefined();
  });

  it('names the cost in dollars, against $1,000,000 by default', () => {
    const ceiling = new PeriodCeiling([]);
    expect(ceiling.admit(call({ cost_nano: 999_999_000_000_000 }))).toBeUndefined();
    expect(ceiling.admit(call({ cost_nano: 2_000_000_000 }))).toBe(
      "this call's cost ($2) would take the spend of user u1 in 2026-11 (now $999,999) past the ceiling of $1,000,000 per user and month; it was not stored",
    );
    expect(ceiling.admit(call({ cost_nano: 1_000_000_000 }))).toBeUndefined();
  });
});
