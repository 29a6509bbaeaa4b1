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
