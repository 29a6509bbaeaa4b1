import { describe, expect, it } from 'vitest';
import { createSocketLimiter } from './socketLimit.ts';

describe('createSocketLimiter', () => {
  it('refuses a connection past the cap for that user only', () => {
    const limiter = createSocketLimiter(2);
    expect(limiter.acquire('u1')).toBeTypeOf('function');
    expect(limiter.acquire('u1')).toBeTypeOf('function');
    expect(limiter.acquire('u1')).toBeUndefined();
    expect(limiter.acquire('u2')).toBeTypeOf('function');
    expect(limiter.count('u1')).toBe(2);
  });

  it('gives a slot back once, however often the socket reports its close', () => {
    const limiter = createSocketLimiter(2);
    const first = limiter.acquire('u1');
    limiter.acquire('u1');
    first?.();
    first?.();
    expect(limiter.count('u1')).toBe(1);
    expect(limiter.acquire('u1')).toBeTypeOf('function');
    expect(limiter.acquire('u1')).toBeUndefined();
  });

  it('says the cap in a close reason short enough for a WebSocket close frame', () => {
    const limiter = createSocketLimiter(20);
    expect(limiter.refusal).toContain('at most 20');
    expect(Buffer.byteLength(limiter.refusal)).toBeLessThanOrEqual(123);
  });
});
