import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryAfterMs, retryDelayMs } from './deliverySchedule.ts';

describe('the delivery retry schedule', () => {
  it('doubles from 30 seconds, with jitter within ±20 %', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 0.5))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000,
    ]);
    expect(retryDelayMs(1, 0)).toBe(24_000);
    expect(retryDelayMs(1, 0.999_999)).toBeLessThanOrEqual(36_000);
  });

  it('makes at least 6 tries over about an hour', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBeGreaterThanOrEqual(6);
    let total = 0;
    for (let n = 1; n < MAX_DELIVERY_ATTEMPTS; n++) total += retryDelayMs(n, 0.5);
    expect(total / 60_000).toBeGreaterThan(50);
    expect(total / 60_000).toBeLessThan(75);
  });

  it('reads Retry-After in seconds or as a date, bounded', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('0', now)).toBe(1000);
    expect(retryAfterMs('999999', now)).toBe(3_600_000);
    expect(retryAfterMs(new Date(now + 20_000).toUTCString(), now)).toBe(20_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
