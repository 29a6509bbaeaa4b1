import { PROVIDERS, type UsageEventInput } from '@spendscope/contracts';
import { randomCall } from '../backend/src/demo/calls.ts';
import { pick, seededRandom } from '../backend/src/demo/random.ts';

/** A random (version 4 layout) UUID from a seeded generator: as random as clients' ids, but repeatable. */
function uuidFrom(random: () => number): string {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/**
 * A version 7 layout UUID: 48 bits of milliseconds first, so ids sort in the order they were made, then
 * random bits. `ms` only grows, as a client's clock does between calls.
 */
function uuidV7From(random: () => number, ms: number): string {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  const time = ms.toString(16).padStart(12, '0');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

export type EventStreamOptions = {
  seed: number;
  /** Random (v4, as most clients make them; the default) or time-ordered (v7) event ids. */
  ids?: 'random' | 'time-ordered';
  /** Users the events are spread over (ids `${userPrefix}-0` …). */
  users: number;
  userPrefix: string;
  /** Calls happen between `from` and `to` (ms since epoch), spread evenly at random. */
  from: number;
  to: number;
};

/**
 * Generates report batches of realistic provider calls with random UUID event ids, the same for the same
 * options on every run (the raw-insert phase re-creates exactly the rows sent over HTTP).
 */
export function* eventBatches(
  options: EventStreamOptions,
  count: number,
  batchSize: number,
): Generator<UsageEventInput[]> {
  const random = seededRandom(options.seed);
  for (let sent = 0; sent < count; sent += batchSize) {
    const batch: UsageEventInput[] = [];
    for (let i = 0; i < Math.min(batchSize, count - sent); i++) {
      const provider = pick(random, PROVIDERS);
      const at = options.from + Math.floor(random() * (options.to - options.from));
      batch.push({
        event_id:
          options.ids === 'time-ordered' ? uuidV7From(random, options.from + sent + i) : uuidFrom(random),
        user_id: `${options.userPrefix}-${Math.floor(random() * options.users)}`,
        occurred_at: new Date(at).toISOString(),
        ...randomCall(random, provider),
      });
    }
    yield batch;
  }
}
