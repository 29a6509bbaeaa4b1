import { describe, expect, it } from 'vitest';
import { ReadCache } from './readCache.ts';

const change = (userId: string, period: string) => ({ touched: [{ userId, period }], newAlerts: [] });

describe('ReadCache', () => {
  it('counts a miss, then serves the stored value as a hit', async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad({ userId: 'u', read: 'usage' }, load)).toBe(1);
    expect(await cache.getOrLoad({ userId: 'u', read: 'usage' }, load)).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });

  it("drops a user's entries for the touched period, the current period and the dashboard", async () => {
    const cache = new ReadCache();
    const keep = async () => 'v';
    await cache.getOrLoad({ userId: 'u', read: 'usage', period: '2026-03' }, keep);
    await cache.getOrLoad({ userId: 'u', read: 'usage', period: '2026-02' }, keep);
    await cache.getOrLoad({ userId: 'u', read: 'usage' }, keep);
    await cache.getOrLoad({ userId: 'u', read: 'dashboard:current' }, keep);
    await cache.getOrLoad({ userId: 'other', read: 'usage' }, keep);
    cache.apply(change('u', '2026-03'));
    expect(cache.stats()).toMatchObject({ invalidations: 3, size: 2 });
    await cache.getOrLoad({ userId: 'u', read: 'usage', period: '2026-02' }, keep);
    await cache.getOrLoad({ userId: 'other', read: 'usage' }, keep);
    expect(cache.stats().hits).toBe(2);
  });

  it('drops every entry, and keeps no read that was running, when changes may have been missed', async () => {
    const cache = new ReadCache();
    const keep = async () => 'v';
    await cache.getOrLoad({ userId: 'u', read: 'usage', period: '2026-02' }, keep);
    await cache.getOrLoad({ userId: 'other', read: 'dashboard:current' }, keep);
    let release: (value: string) => void = () => {};
    const slow = cache.getOrLoad(
      { userId: 'third', read: 'usage' },
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    cache.apply({ touched: [], newAlerts: [], everything: true });
    release('before');
    await slow;
    expect(cache.stats()).toMatchObject({ size: 0, invalidations: 2 });
  });

  it('does not store a read that was running when a change came', async () => {
    const cache = new ReadCache();
    let release: (value: string) => void = () => {};
    const slow = cache.getOrLoad(
      { userId: 'u', read: 'usage' },
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    cache.apply(change('u', '2026-03'));
    release('before the change');
    expect(await slow).toBe('before the change');
    expect(await cache.getOrLoad({ userId: 'u', read: 'usage' }, async () => 'after')).toBe('after');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
  });

  it('evicts the least recently used entry past its size', async () => {
    const cache = new ReadCache({ maxEntries: 2 });
    const v = async () => 'v';
    await cache.getOrLoad({ userId: 'a', read: 'usage' }, v);
    await cache.getOrLoad({ userId: 'b', read: 'usage' }, v);
    await cache.getOrLoad({ userId: 'a', read: 'usage' }, v);
    await cache.getOrLoad({ userId: 'c', read: 'usage' }, v);
    expect(cache.stats()).toMatchObject({ evictions: 1, size: 2 });
    await cache.getOrLoad({ userId: 'a', read: 'usage' }, v);
    await cache.getOrLoad({ userId: 'b', read: 'usage' }, v);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 4 });
  });

  it('lets an entry go once it is older than its time to live', async () => {
    const clock = { now: 0 };
    const cache = new ReadCache({ ttlMs: 1000, now: () => clock.now });
    let loads = 0;
    const load = async () => ++loads;
    await cache.getOrLoad({ userId: 'u', read: 'usage' }, load);
    clock.now = 999;
    expect(await cache.getOrLoad({ userId: 'u', read: 'usage' }, load)).toBe(1);
    clock.now = 1001;
    expect(await cache.getOrLoad({ userId: 'u', read: 'usage' }, load)).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, evictions: 1 });
  });

  it('does not keep a failed read', async () => {
    const cache = new ReadCache();
    await expect(
      cache.getOrLoad({ userId: 'u', read: 'usage' }, async () => {
        throw new Error('not found');
      }),
    ).rejects.toThrow('not found');
    expect(cache.stats()).toMatchObject({ size: 0, misses: 1 });
  });
});
