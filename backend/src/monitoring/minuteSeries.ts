export const MINUTE_MS = 60_000;

/** The minute a timestamp falls in, counted from the epoch. */
export function minuteOf(atMs: number): number {
  return Math.floor(atMs / MINUTE_MS);
}

/**
 * Per-minute buckets of anything, created on first use and dropped once older than `retentionMinutes`.
 * Minutes without data hold nothing, so an idle series costs nothing.
 */
export class MinuteSeries<T> {
  private readonly buckets = new Map<number, T>();
  private prunedAt = Number.NEGATIVE_INFINITY;
  private readonly retentionMinutes: number;
  private readonly create: () => T;
  private readonly seal: ((bucket: T) => void) | undefined;

  /**
   * `seal` is called, about once a minute, on each bucket whose minute has ended, to store it more
   * compactly; it must leave an already sealed bucket alone.
   */
  constructor(options: { retentionMinutes: number; create: () => T; seal?: (bucket: T) => void }) {
    this.retentionMinutes = options.retentionMinutes;
    this.create = options.create;
    this.seal = options.seal;
  }

  /** The bucket of the minute holding `atMs`, or undefined when that minute is past retention. */
  bucketAt(atMs: number, nowMs: number): T | undefined {
    const minute = minuteOf(atMs);
    const now = minuteOf(nowMs);
    this.maintain(now);
    if (minute <= now - this.retentionMinutes) return undefined;
    let bucket = this.buckets.get(minute);
    if (!bucket) {
      bucket = this.create();
      this.buckets.set(minute, bucket);
    }
    return bucket;
  }

  /** The buckets of the last `minutes` minutes up to the one holding `nowMs` (included), oldest first. */
  *window(minutes: number, nowMs: number): Generator<T> {
    const now = minuteOf(nowMs);
    this.maintain(now);
    const span = Math.min(minutes, this.retentionMinutes);
    for (let minute = now - span + 1; minute <= now; minute++) {
      const bucket = this.buckets.get(minute);
      if (bucket) yield bucket;
    }
  }

  /** Buckets held, for tests and memory checks. */
  get size(): number {
    return this.buckets.size;
  }

  /** Once a minute: drops buckets past retention and seals the ones whose minute has ended. */
  private maintain(nowMinute: number): void {
    if (nowMinute === this.prunedAt) return;
    this.prunedAt = nowMinute;
    const oldestKept = nowMinute - this.retentionMinutes + 1;
    for (const [minute, bucket] of this.buckets) {
      if (minute < oldestKept) this.buckets.delete(minute);
      else if (this.seal && minute < nowMinute) this.seal(bucket);
    }
  }
}
