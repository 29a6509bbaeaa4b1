import { useState } from 'react';
import { SegmentedControl } from '../components/billing/SegmentedControl.tsx';
import { Page } from '../components/layout/Page.tsx';
import { ApiStatsPanel } from '../components/monitoring/ApiStatsPanel.tsx';
import { CacheStatsPanel } from '../components/monitoring/CacheStatsPanel.tsx';
import { SystemHealthIndicator } from '../components/monitoring/SystemHealthIndicator.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { formatInteger, formatMs, formatPercent } from '../lib/format.ts';
import { useAPIStats } from '../services/monitoring/apiStats.ts';
import { useCacheStats } from '../services/monitoring/cacheStats.ts';
import { useSystemHealth } from '../services/monitoring/health.ts';
import { useLightweightStats } from '../services/monitoring/lightweightStats.ts';
import { healthStatusStyles } from '../theme/status.ts';

const WINDOWS = [
  { value: '5', label: '5 min' },
  { value: '60', label: '1 hour' },
  { value: '1440', label: '24 hours' },
] as const;

function LiveTicker() {
  const stats = useLightweightStats();
  return (
    <QueryPanel query={stats} what="live statistics" skeleton={<SkeletonCard className="h-16" />}>
      {(data) => (
        <p className="text-sm text-gray-700" aria-live="polite">
          <span
            className={`mr-2 inline-block size-2 rounded-full ${healthStatusStyles[data.status].fill}`}
            aria-hidden="true"
          />
          {formatInteger(data.recent_requests)} requests · {formatPercent(data.error_rate)} errors ·{' '}
          {formatMs(data.avg_response_time_ms)} average
          <span className="text-gray-500"> (refreshes every 10 s)</span>
        </p>
      )}
    </QueryPanel>
  );
}

export default function MonitoringPage() {
  const { isAdmin } = useViewer();
  const [window, setWindow] = useState<(typeof WINDOWS)[number]['value']>('60');
  const health = useSystemHealth();
  const apiStats = useAPIStats(Number(window), { enabled: isAdmin });
  const cacheStats = useCacheStats({ enabled: isAdmin });

  return (
    <Page
      title="System monitoring"
      description="Health of the metering service and of the providers it watches"
    >
      <div className="grid grid-cols-1 gap-4 md:gap-6 lg:grid-cols-3 lg:gap-8">
        <Card title="System health" className="lg:col-span-2">
          <QueryPanel query={health} what="system health" skeleton={<SkeletonCard className="h-64" />}>
            {(data) => (
              <SystemHealthIndicator
                health={data}
                onRefresh={() => void health.refetch()}
                isRefreshing={health.isFetching}
              />
            )}
          </QueryPanel>
        </Card>
        <Card title="Right now">
          <LiveTicker />
        </Card>
        {isAdmin ? (
          <>
            <Card
              title="API performance"
              className="lg:col-span-2"
              action={
                <SegmentedControl label="Window" options={WINDOWS} value={window} onChange={setWindow} />
              }
            >
              <QueryPanel query={apiStats} what="API statistics" skeleton={<SkeletonCard className="h-64" />}>
                {(data) => <ApiStatsPanel stats={data} />}
              </QueryPanel>
            </Card>
            <Card title="Dashboard cache">
              <QueryPanel query={cacheStats} what="cache statistics">
                {(data) => <CacheStatsPanel stats={data} />}
              </QueryPanel>
            </Card>
          </>
        ) : (
          <p className="text-sm text-gray-600 lg:col-span-3">
            Request statistics and cache counters are visible to administrators.
          </p>
        )}
      </div>
    </Page>
  );
}
