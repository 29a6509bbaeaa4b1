/** The q-quantile (0…1) of the samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export type Latency = { p50: number; p95: number; p99: number; samples: number };

export function latencyOf(samples: readonly number[]): Latency {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    p50: round(quantile(samples, 0.5)),
    p95: round(quantile(samples, 0.95)),
    p99: round(quantile(samples, 0.99)),
    samples: samples.length,
  };
}
