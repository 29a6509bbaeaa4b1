import { useSearchParams } from 'react-router';
import { CostBreakdown } from '../components/billing/CostBreakdown.tsx';
import { UsageTrends } from '../components/billing/UsageTrends.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useOpenProvider } from '../hooks/useOpenProvider.ts';
import { useDashboard } from '../services/billing/dashboard.ts';
import { useUsageTrends } from '../services/billing/trends.ts';
import type { TimeRange } from '../types/billing.ts';

/** Fetched once; the range picker slices it, so switching ranges is instant. */
const MONTHS_FETCHED = 12;

function parseRange(value: string | null): TimeRange {
  return value === '3m' || value === '12m' ? value : '6m';
}

export default function TrendsPage() {
  const { userId } = useViewer();
  const openProvider = useOpenProvider();
  const [searchParams, setSearchParams] = useSearchParams();
  const timeRange = parseRange(searchParams.get('range'));
  const trends = useUsageTrends(userId, MONTHS_FETCHED);
  const dashboard = useDashboard(userId);

  const onTimeRangeChange = (range: string) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('range', parseRange(range));
        return next;
      },
      { replace: true },
    );
  };

  return (
    <Page title="Usage details" description="How usage and spend developed, and where it goes">
      <div className="grid grid-cols-1 gap-4 md:gap-6 lg:gap-8">
        <Card title="Usage over time">
          <QueryPanel query={trends} what="usage trends" skeleton={<SkeletonCard className="h-80" />}>
            {(data) => (
              <UsageTrends
                trends={data}
                timeRange={timeRange}
                onTimeRangeChange={onTimeRangeChange}
                projections={dashboard.data?.projections}
              />
            )}
          </QueryPanel>
        </Card>
        <Card title="Spend by provider this period">
          <QueryPanel
            query={dashboard}
            what="the cost breakdown"
            skeleton={<SkeletonCard className="h-72" />}
          >
            {(data) => (
              <CostBreakdown
                providerBreakdown={data.current_usage.provider_breakdown}
                totalCost={data.current_usage.total_cost}
                onProviderClick={openProvider}
              />
            )}
          </QueryPanel>
        </Card>
      </div>
    </Page>
  );
}
