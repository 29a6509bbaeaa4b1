import type { LimitRow } from '../../charts/prepareLimitRows.ts';
import { formatCompact, formatCurrency, formatPercent } from '../../lib/format.ts';
import { usageStatusStyles } from '../../theme/status.ts';

const formatAmount = (row: LimitRow, value: number) =>
  row.unit === 'cost' ? formatCurrency(value) : formatCompact(value);

/** One limit as a bar: how much is used, coloured green / amber / red by how close it is. */
export function UsageProgressBar({ row }: { row: LimitRow }) {
  const style = usageStatusStyles[row.status];
  const width = Math.min(100, Math.max(0, row.percentage));
  return (
    <li data-testid={`limit-${row.key}`} data-status={row.status}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="truncate font-medium text-gray-800">{row.label}</span>
        <span className="shrink-0 tabular-nums text-gray-600">
          {formatAmount(row, row.used)} / {formatAmount(row, row.limit)}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`${row.label}: ${formatPercent(row.percentage, 0)} of limit, ${style.label.toLowerCase()}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
        className="mt-1.5 h-2 overflow-hidden rounded-full bg-gray-200"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 ${style.fill}`}
          style={{ width: `${width}%` }}
        />
      </div>
      <p className="mt-1 text-xs text-gray-500">
        {formatPercent(row.percentage, 0)} used
        {row.status !== 'active' ? <span className="font-medium text-gray-700"> · {style.label}</span> : null}
      </p>
    </li>
  );
}
