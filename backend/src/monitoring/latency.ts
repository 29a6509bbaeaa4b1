import { build, type Histogram } from 'hdr-histogram-js';

/** Durations are recorded in tenths of a millisecond, so sub-millisecond requests stay apart. */
const UNITS_PER_MS = 10;

export type LatencyHistogram = Histogram;

/**
 * An empty latency histogram: two significant digits (every value within 1 %), counts in 32 bits, and a
 * range that grows only when a large value arrives, so a minute of fast requests stays a few kilobytes.
 */
export function createLatencyHistogram(): LatencyHistogram {
  return build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 2,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 256,
    autoResize: true,
  });
}

export function recordLatency(histogram: LatencyHistogram, durationMs: number): void {
  if (!Number.isFinite(durationMs) || durationMs < 0) return;
  histogram.recordValue(Math.round(durationMs * UNITS_PER_MS));
}

/**
 * The duration at percentile `p` (0–100) in milliseconds, nearest rank: the smallest recorded value that
 * `p` % of the values are at or below, to the histogram's 1 % precision. 0 when nothing was recorded.
 */
export function percentileMs(histogram: LatencyHistogram, p: number): number {
  if (histogram.totalCount === 0) return 0;
  return roundMs(histogram.getValueAtPercentile(p) / UNITS_PER_MS);
}

/**
 * A copy of a histogram that will take no more values, in the smallest counts that hold it: a minute
 * with at most 255 values needs one byte per count, at most 65,535 two. Most closed minutes hold few
 * values, so 24 hours of them take a third of the memory. Record into `writable(h)`, never into this.
 */
export function sealLatencies(histogram: LatencyHistogram): LatencyHistogram {
  const total = histogram.totalCount;
  const bits = total <= 0xff ? 8 : total <= 0xffff ? 16 : undefined;
  if (bits === undefined) return histogram;
  const sealed = build({
    bitBucketSize: bits,
    numberOfSignificantValueDigits: 2,
    lowestDiscernibleValue: 1,
    highestTrackableValue: Math.max(histogram.maxValue, 256),
    autoResize: true,
  });
  sealed.add(histogram);
  return sealed;
}

/** A histogram that takes values: the same one, or a 32-bit copy of a sealed one. */
export function writable(histogram: LatencyHistogram, isSealed: boolean): LatencyHistogram {
  if (!isSealed) return histogram;
  const copy = createLatencyHistogram();
  copy.add(histogram);
  return copy;
}

/** One histogram holding the values of all of `histograms`. */
export function mergeLatencies(histograms: Iterable<LatencyHistogram>): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const histogram of histograms) {
    if (histogram.totalCount > 0) merged.add(histogram);
  }
  return merged;
}

/** Milliseconds shown with one decimal. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
