import type { UsageStats } from '@spendscope/contracts';
import { errorText } from '../../lib/errors.ts';
import { formatCount, formatDateTime, formatPeriod } from '../../lib/format.ts';
import { useDashboard } from '../../services/billing/dashboard.ts';
import { responsiveGrid } from '../../theme/layout.ts';
import { usageStatusStyles } from '../../theme/status.ts';
import { typography } from '../../theme/typography.ts';
import { Badge } from '../ui/Badge.tsx';
import { Card } from '../ui/Card.tsx';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingRegion, ShimmerEffect, SkeletonCard } from '../ui/Skeleton.tsx';
import { CostSplit } from './CostSplit.tsx';
import { OverviewMetrics } from './OverviewMetrics.tsx';
import { UsageLimits } from './UsageLimits.tsx';

export interface BillingOverviewProps {
  userId: string;
  onUpgrade?: (() => void) | undefined;
  onViewDetails?: (() => void) | undefined;
  /** Beyond the spec: lets the breakdown rows open a provider's drill-down. */
  onProviderClick?: ((provider: string) => void) | undefined;
}

const buttonBase =
  'inline-flex items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-600';

function OverviewSkeleton() {
  return (
    <LoadingRegion label="usage overview">
      <div className="mb-6 max-w-sm space-y-2">
        <ShimmerEffect className="h-6" />
        <ShimmerEffect />
      </div>
      <div className={responsiveGrid}>
        {['cost', 'calls', 'tokens', 'projection', 'latency', 'errors'].map((key) => (
          <SkeletonCard key={key} />
        ))}
      </div>
    </LoadingRegion>
  );
}

/**
 * The overview: headline numbers, every limit as a bar, and spend by provider. Its numbers come
 * from the dashboard query, which the live socket and polling keep current.
 */
export function BillingOverview({ userId, onUpgrade, onViewDetails, onProviderClick }: BillingOverviewProps) {
  // The spec's usageData / loading / error trio, read from the query cache instead of useState:
  // live updates write to the cache, and a useState copy would go stale.
  const dashboard = useDashboard(userId);
  const usageData: UsageStats | null = dashboard.data?.current_usage ?? null;
  const loading = dashboard.isPending;
  const error = errorText(dashboard.error);

  if (loading) return <OverviewSkeleton />;
  if (!usageData || !dashboard.data) {
    return (
      <ErrorPanel error={dashboard.error ?? error} what="usage" onRetry={() => void dashboard.refetch()} />
    );
  }

  const { projections } = dashboard.data;
  const status = usageStatusStyles[usageData.usage_status];

  return (
    <div className="space-y-6 lg:space-y-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <p className={typography.caption}>
            {formatPeriod(usageData.billing_period)} · {usageData.plan.name} plan
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <Badge className={status.badge} testId="usage-status">
              <span className={`size-2 rounded-full ${status.fill}`} aria-hidden="true" />
              {status.label}
            </Badge>
            <span className="text-xs text-gray-500">Updated {formatDateTime(usageData.last_updated)}</span>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {onViewDetails ? (
            <button
              type="button"
              onClick={onViewDetails}
              className={`${buttonBase} bg-white text-gray-800 ring-1 ring-gray-300 hover:bg-gray-50`}
            >
              View details
            </button>
          ) : null}
          {onUpgrade ? (
            <button
              type="button"
              onClick={onUpgrade}
              className={`${buttonBase} bg-primary-600 text-white hover:bg-primary-700`}
            >
              Upgrade plan
            </button>
          ) : null}
        </div>
      </div>

      {error ? (
        <ErrorPanel
          error={dashboard.error}
          what="the latest numbers"
          onRetry={() => void dashboard.refetch()}
        />
      ) : null}

      {usageData.unpriced_calls > 0 ? (
        <p
          role="note"
          className="rounded-lg border border-warning-100 bg-warning-50 p-3 text-sm text-warning-900"
        >
          {formatCount(usageData.unpriced_calls, 'call')} used a model without a price:{' '}
          {usageData.unpriced_calls === 1 ? 'it is' : 'they are'} counted but not yet costed, so the real
          spend is higher than shown.
        </p>
      ) : null}

      <OverviewMetrics stats={usageData} projections={projections} />

      <div className={responsiveGrid}>
        <Card title="Usage against limits" className="md:col-span-2 lg:col-span-2">
          <UsageLimits stats={usageData} />
        </Card>
        <Card title="Spend by provider" className="md:col-span-2 lg:col-span-1">
          <CostSplit
            providerBreakdown={usageData.provider_breakdown}
            totalCost={usageData.total_cost}
            onProviderClick={onProviderClick}
          />
        </Card>
      </div>
    </div>
  );
}
