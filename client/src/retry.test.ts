import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry.ts';

const options = { initialDelayMs: 500, maxDelayMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles with each attempt, within [d/2, d]', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 1))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(backoffDelay(40, options, () => 1)).toBe(30_000);
    expect(backoffDelay(40, options, () => 0)).toBe(15_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');

  it('reads a delay in seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
  });

  it('reads an HTTP date, never below zero', () => {
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
