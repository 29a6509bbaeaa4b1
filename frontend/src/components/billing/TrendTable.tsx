import { METRIC_LABELS, type TrendSeries } from '../../charts/prepareTrendSeries.ts';
import type { TrendMetric } from '../../types/billing.ts';
import { TREND_FORMATTERS } from './trendFormatters.ts';

type TrendTableProps = { series: TrendSeries; metric: TrendMetric };

/** The chart's totals as a table, folded away under "Show as table". */
export function TrendTable({ series, metric }: TrendTableProps) {
  const format = TREND_FORMATTERS[metric].value;
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer text-gray-600">Show as table</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left tabular-nums" data-testid="trend-table">
          <thead className="text-xs text-gray-500">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Month
              </th>
              <th scope="col" className="py-1 font-medium">
                {METRIC_LABELS[metric]}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.rows.map((row) => (
              <tr key={row.period} className="border-t border-gray-100">
                <th scope="row" className="py-1 pr-4 font-normal">
                  {row.fullLabel}
                </th>
                <td className="py-1">{row.total === null ? '—' : format(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
