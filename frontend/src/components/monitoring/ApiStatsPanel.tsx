import type { APIStats } from '@spendscope/contracts';
import { formatDateTime, formatInteger, formatMs, formatPercent } from '../../lib/format.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';

const td = 'whitespace-nowrap px-3 py-2 tabular-nums';

/** The server's own request statistics: totals, the busiest routes with percentiles, recent errors. */
export function ApiStatsPanel({ stats }: { stats: APIStats }) {
  const { overview, cache_performance: cache } = stats;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          ['Requests (total)', formatInteger(overview.total_requests)],
          ['Errors (total)', formatInteger(overview.total_errors)],
          [`Requests (${stats.window_minutes} min)`, formatInteger(overview.recent_requests)],
          ['Cache hit rate', formatPercent(cache.hit_rate)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-gray-50 p-3">
            <dt className="text-xs text-gray-500">{label}</dt>
            <dd className="mt-0.5 text-lg font-semibold tabular-nums text-gray-900">{value}</dd>
          </div>
        ))}
      </dl>

      <div>
        <h3 className="text-sm font-semibold text-gray-800">Busiest endpoints</h3>
        <div className="mt-2">
          <ScrollArea label="Busiest endpoints">
            <table className="w-full text-sm" data-testid="endpoint-table">
              <TableHead columns={['Endpoint', 'Requests', 'Avg', 'p50', 'p95', 'p99', 'Errors']} />
              <tbody className="divide-y divide-gray-100">
                {stats.top_endpoints.map((endpoint) => (
                  <tr key={`${endpoint.method} ${endpoint.endpoint}`}>
                    <th
                      scope="row"
                      className="px-3 py-2 text-left font-mono text-xs font-normal text-gray-900"
                    >
                      {endpoint.method} {endpoint.endpoint}
                    </th>
                    <td className={td}>{formatInteger(endpoint.count)}</td>
                    <td className={td}>{formatMs(endpoint.avg_time)}</td>
                    <td className={td}>{formatMs(endpoint.p50_ms)}</td>
                    <td className={td}>{formatMs(endpoint.p95_ms)}</td>
                    <td className={td}>{formatMs(endpoint.p99_ms)}</td>
                    <td className={td}>{formatInteger(endpoint.errors)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        </div>
      </div>

      <div>
        <h3 className="text-sm font-semibold text-gray-800">Recent errors</h3>
        {stats.recent_errors.length === 0 ? (
          <p className="mt-2 text-sm text-gray-600">No errors in this window.</p>
        ) : (
          <ul className="mt-2 divide-y divide-gray-100 text-sm">
            {stats.recent_errors.map((error) => (
              <li key={`${error.timestamp}-${error.endpoint}-${error.status_code}`} className="py-2">
                <span className="font-mono text-xs text-gray-900">
                  {error.status_code} {error.method} {error.endpoint}
                </span>
                <span className="block break-words text-gray-700">{error.error_message}</span>
                <span className="block text-xs text-gray-500">{formatDateTime(error.timestamp)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
