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
import { formatDateTime, formatInteger, formatMs, formatPercent } from '../lib/format.ts';
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

/** The cheap stats, refreshed every 10 s: what the service is doing this minute. */
function LiveTicker() {
  const stats = useLightweightStats();
  return (
    <QueryPanel query={stats} what="live statistics" skeleton={<SkeletonCard className="h-40" />}>
      {(data) => {
        const style = healthStatusStyles[data.status];
        const tiles: [string, string][] = [
          ['Requests', formatInteger(data.recent_requests)],
          ['Failed', formatInteger(data.recent_errors)],
          ['Error rate', formatPercent(data.error_rate)],
          ['Average response', formatMs(data.avg_response_time_ms)],
        ];
        return (
          <div aria-live="polite">
            <p className="flex items-center gap-2 font-semibold text-gray-900">
              <span className={`size-2.5 rounded-full ${style.fill}`} aria-hidden="true" />
              {style.label}
            </p>
            <dl className="mt-4 grid grid-cols-2 gap-3">
              {tiles.map(([label, value]) => (
                <div key={label} className="rounded-lg bg-gray-50 p-3">
                  <dt className="text-xs text-gray-500">{label}</dt>
                  <dd className="mt-0.5 text-lg font-semibold tabular-nums text-gray-900">{value}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-3 text-xs text-gray-500">
              Updated {formatDateTime(data.timestamp)} · refreshes every 10 s
            </p>
          </div>
        );
      }}
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
