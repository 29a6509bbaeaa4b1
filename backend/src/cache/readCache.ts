import type { UsageChange } from '../changes.ts';

/** What a cached read is: whose data, which read, and which billing period (absent: the current one). */
export type CacheKey = { userId: string; read: string; period?: string | undefined };

export type CacheCounters = {
  hits: number;
  misses: number;
  /** Entries dropped because a change touched them. */
  invalidations: number;
  /** Entries dropped to stay within `maxEntries` or because they outlived `ttlMs`. */
  evictions: number;
  size: number;
  maxEntries: number;
};

type Entry = { key: CacheKey; value: unknown; expiresAt: number };

/** Reads that started before a change and end after it; their result must not be kept. */
type PendingLoad = { userId: string; isStale: boolean };

export type ReadCacheOptions = {
  /** Most entries held; the least recently used goes first (default 1,000). */
  maxEntries?: number;
  /**
   * How long an entry is served, in ms (default 30 s). Changes invalidate at once; the limit only bounds
   * how long time-derived fields (a projection, `last_updated`) and a new month can lag behind.
   */
  ttlMs?: number;
  now?: () => number;
};

const SEP = '\u0000';
const keyOf = (key: CacheKey) => `${key.userId}${SEP}${key.read}${SEP}${key.period ?? ''}`;

/**
 * A small in-memory cache for the dashboard and usage reads, keyed by user and period, with real
 * hit / miss / invalidation / eviction counters. A change to a user's period drops every entry that may
 * show it (that period, the current period, the dashboard) before the change's report is answered, and a
 * read that was running when the change came is not stored, so a read after a report is never stale.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly pending = new Set<PendingLoad>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly counters = { hits: 0, misses: 0, invalidations: 0, evictions: 0 };

  constructor(options: ReadCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The cached value of `key`, or `load()`'s result, stored unless a change came while it ran. */
  async getOrLoad<T>(key: CacheKey, load: () => Promise<T>): Promise<T> {
    const id = keyOf(key);
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > this.now()) {
      this.counters.hits += 1;
      // Map order is recency order: move the entry to the end.
      this.entries.delete(id);
      this.entries.set(id, entry);
      return entry.value as T;
    }
    if (entry) {
      this.counters.evictions += 1;
      this.remove(id, entry.key.userId);
    }
    this.counters.misses += 1;
    const loading: PendingLoad = { userId: key.userId, isStale: false };
    this.pending.add(loading);
    try {
      const value = await load();
      if (!loading.isStale) this.store(id, { key, value, expiresAt: this.now() + this.ttlMs });
      return value;
    } finally {
      this.pending.delete(loading);
    }
  }

  /**
   * Drops `userId`'s entries that may show `period`: that period's, the current period's and those
   * without a period (the dashboard spans months). Without `period`, every entry of the user.
   */
  invalidate(userId: string, period?: string): void {
    for (const loading of this.pending) {
      if (loading.userId === userId) loading.isStale = true;
    }
    const ids = this.byUser.get(userId);
    if (!ids) return;
    for (const id of [...ids]) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (period !== undefined && entry.key.period !== undefined && entry.key.period !== period) continue;
      this.counters.invalidations += 1;
      this.remove(id, userId);
    }
  }

  /** Invalidates what a committed change touched; runs synchronously inside the change's publish. */
  apply(change: UsageChange): void {
    if (change.everything) {
      for (const userId of [...this.byUser.keys()]) this.invalidate(userId);
      for (const loading of this.pending) loading.isStale = true;
      return;
    }
    for (const { userId, period } of change.touched) this.invalidate(userId, period);
    for (const alert of change.newAlerts) this.invalidate(alert.user_id, alert.billing_period);
  }

  stats(): CacheCounters {
    return { ...this.counters, size: this.entries.size, maxEntries: this.maxEntries };
  }

  private store(id: string, entry: Entry): void {
    const previous = this.entries.get(id);
    if (previous) this.remove(id, previous.key.userId);
    this.entries.set(id, entry);
    let ids = this.byUser.get(entry.key.userId);
    if (!ids) {
      ids = new Set();
      this.byUser.set(entry.key.userId, ids);
    }
    ids.add(id);
    while (this.entries.size > this.maxEntries) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry];
      this.counters.evictions += 1;
      this.remove(oldestId, oldest.key.userId);
    }
  }

  private remove(id: string, userId: string): void {
    this.entries.delete(id);
    const ids = this.byUser.get(userId);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.byUser.delete(userId);
  }
}
