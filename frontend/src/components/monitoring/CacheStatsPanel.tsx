import type { CacheStats } from '@spendscope/contracts';
import { formatInteger, formatPercent } from '../../lib/format.ts';

/** The dashboard cache's real counters. */
export function CacheStatsPanel({ stats }: { stats: CacheStats }) {
  const fill = stats.max_size > 0 ? (stats.size / stats.max_size) * 100 : 0;
  const items: [string, string][] = [
    ['Hit rate', formatPercent(stats.hit_rate)],
    ['Hits', formatInteger(stats.hits)],
    ['Misses', formatInteger(stats.misses)],
    ['Invalidations', formatInteger(stats.invalidations)],
    ['Evictions', formatInteger(stats.evictions)],
    ['Entries', `${formatInteger(stats.size)} / ${formatInteger(stats.max_size)}`],
  ];
  return (
    <div>
      <dl className="grid grid-cols-2 gap-3">
        {items.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-gray-50 p-3">
            <dt className="text-xs text-gray-500">{label}</dt>
            <dd className="mt-0.5 text-lg font-semibold tabular-nums text-gray-900">{value}</dd>
          </div>
        ))}
      </dl>
      <div
        className="mt-4 h-2 overflow-hidden rounded-full bg-gray-200"
        role="progressbar"
        aria-label="Cache fill"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fill)}
      >
        <div className="h-full rounded-full bg-primary-500" style={{ width: `${Math.min(100, fill)}%` }} />
      </div>
    </div>
  );
}
