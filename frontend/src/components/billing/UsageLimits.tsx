import type { UsageStats } from '@spendscope/contracts';
import { useMemo } from 'react';
import { prepareLimitRows } from '../../charts/prepareLimitRows.ts';
import { typography } from '../../theme/typography.ts';
import { UsageProgressBar } from './UsageProgressBar.tsx';

/** Every capped limit of the plan as a progress bar; unlimited and excluded ones as text. */
export function UsageLimits({ stats }: { stats: UsageStats }) {
  const { capped, unlimited, notIncluded } = useMemo(() => prepareLimitRows(stats), [stats]);
  return (
    <div>
      {capped.length > 0 ? (
        <ul className="grid grid-cols-1 gap-x-8 gap-y-4 sm:grid-cols-2">
          {capped.map((row) => (
            <UsageProgressBar key={row.key} row={row} />
          ))}
        </ul>
      ) : (
        <p className={typography.body}>This plan has no caps: every metric is unlimited.</p>
      )}
      {notIncluded.length > 0 ? (
        <p className={`mt-4 ${typography.caption}`}>
          Not included in this plan: {notIncluded.join(', ')}. Calls to these are refused.
        </p>
      ) : null}
      {unlimited.length > 0 && capped.length > 0 ? (
        <details className={`mt-2 ${typography.caption}`}>
          <summary className="cursor-pointer">{unlimited.length} unlimited metrics</summary>
          <p className="mt-1">{unlimited.join(', ')}</p>
        </details>
      ) : null}
    </div>
  );
}
