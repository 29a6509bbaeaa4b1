import type { Kysely } from 'kysely';
import { touchKeyRow } from '../db/apiKeys.ts';
import type { Database } from '../db/schema.ts';

/** How often a key's `last_used_at` is written at most. */
export const KEY_USAGE_GAP_MS = 60_000;

export type KeyUsageOptions = {
  /** The time in ms; tests pass their clock. */
  now?: () => number;
  minGapMs?: number;
  onError?(error: unknown): void;
};

/**
 * Keeps each ingestion key's `last_used_at` to the minute without slowing reports: a use is written at
 * most once per `minGapMs` per key (this process remembers when it last wrote), and the write is not
 * awaited by the request that caused it.
 */
export class KeyUsageRecorder {
  private readonly lastWritten = new Map<number, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly minGapMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: KeyUsageOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.minGapMs = options.minGapMs ?? KEY_USAGE_GAP_MS;
  }

  /** Notes that key `id` authenticated a request now. */
  record(id: number): void {
    const now = this.now();
    const last = this.lastWritten.get(id);
    if (last !== undefined && now - last < this.minGapMs) return;
    this.lastWritten.set(id, now);
    const write = touchKeyRow(this.db, id, now, this.minGapMs)
      .catch((error: unknown) => {
        // Try again on the next use rather than waiting out the gap.
        this.lastWritten.delete(id);
        this.options.onError?.(error);
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every write started so far has finished (tests, and shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
