import { describe, expect, it } from 'vitest';
import { remember } from './boundedCache.ts';

describe('remember', () => {
  it('keeps values until the cache is full, then starts again with the new one', () => {
    const cache = new Map<string, number>();
    expect(remember(cache, 2, 'a', 1)).toBe(1);
    expect(remember(cache, 2, 'b', 2)).toBe(2);
    expect([...cache]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(remember(cache, 2, 'c', 3)).toBe(3);
    expect([...cache]).toEqual([['c', 3]]);
  });
});
