import { PROVIDER_LABELS, type SystemHealth } from '@spendscope/contracts';
import { formatCount, formatDateTime, formatInteger, formatMs, formatPercent } from '../../lib/format.ts';
import { healthStatusStyles } from '../../theme/status.ts';
import { typography } from '../../theme/typography.ts';
import { Badge } from '../ui/Badge.tsx';

export interface SystemHealthIndicatorProps {
  health: SystemHealth;
  onRefresh?: () => void;
  /** Beyond the spec: shows a spinner on the refresh button while a refresh runs. */
  isRefreshing?: boolean;
  /** Beyond the spec: hides the per-provider list (for the compact card on the overview). */
  isCompact?: boolean;
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="min-w-0 rounded-lg bg-gray-50 p-3">
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className="mt-0.5 truncate text-lg font-semibold tabular-nums text-gray-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** System health at a glance: status colour, error rate, response times with p95, and each provider. */
export function SystemHealthIndicator({
  health,
  onRefresh,
  isRefreshing,
  isCompact,
}: SystemHealthIndicatorProps) {
  const style = healthStatusStyles[health.status];
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <span className={`relative flex size-3 rounded-full ${style.fill}`} aria-hidden="true" />
          <p className="text-base font-semibold text-gray-900" role="status" aria-live="polite">
            <span className="sr-only">System status: </span>
            <span data-testid="health-status" data-status={health.status}>
              {style.label}
            </span>
          </p>
        </div>
        {onRefresh ? (
          <button
            type="button"
            onClick={onRefresh}
            disabled={isRefreshing}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-primary-700 ring-1 ring-gray-300 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500 disabled:opacity-60"
          >
            {isRefreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        ) : null}
      </div>
      <p className={`mt-1 ${typography.caption}`}>
        Last {health.window_minutes} min · {formatCount(health.recent_errors, 'failed request')} · checked{' '}
        {formatDateTime(health.timestamp)}
      </p>

      <dl className={`mt-4 grid grid-cols-2 gap-3 ${isCompact ? '' : 'sm:grid-cols-4'}`}>
        <Stat label="Error rate" value={formatPercent(health.error_rate)} testId="health-error-rate" />
        <Stat label="Avg response" value={formatMs(health.avg_response_time_ms)} testId="health-avg-ms" />
        <Stat label="p95 response" value={formatMs(health.p95_response_time_ms)} testId="health-p95-ms" />
        <Stat label="Requests" value={formatInteger(health.recent_requests)} testId="health-requests" />
      </dl>

      {!isCompact && health.providers.length > 0 ? (
        <div className="mt-6">
          <h3 className="text-sm font-semibold text-gray-800">Providers</h3>
          <ul
            className="mt-2 divide-y divide-gray-100 md:grid md:grid-cols-[1fr_auto_auto_auto_auto] md:gap-x-4"
            aria-label="Provider health"
          >
            {health.providers.map((provider) => {
              const providerStyle = healthStatusStyles[provider.status];
              return (
                <li
                  key={provider.provider}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm md:col-span-5 md:grid md:grid-cols-subgrid"
                  data-testid={`provider-health-${provider.provider}`}
                >
                  <span className="min-w-28 flex-1 font-medium text-gray-800">
                    {PROVIDER_LABELS[provider.provider]}
                  </span>
                  <span>
                    <Badge className={providerStyle.badge}>{providerStyle.label}</Badge>
                  </span>
                  <span className="tabular-nums text-gray-600 md:text-right">
                    {formatPercent(provider.error_rate)} errors
                  </span>
                  <span className="tabular-nums text-gray-600 md:text-right">
                    p50 {formatMs(provider.p50_ms)} · p95 {formatMs(provider.p95_ms)}
                  </span>
                  <span className="tabular-nums text-gray-500 md:text-right">
                    {formatCount(provider.calls, 'call')}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
