import { Link, useNavigate } from 'react-router';
import { PAGE_PATHS } from '../app/pagePaths.ts';
import { AlertsPanel } from '../components/billing/AlertsPanel.tsx';
import { BillingOverview } from '../components/billing/BillingOverview.tsx';
import { ExportCsvButton } from '../components/billing/ExportCsvButton.tsx';
import { Page } from '../components/layout/Page.tsx';
import { SystemHealthIndicator } from '../components/monitoring/SystemHealthIndicator.tsx';
import { useUserLink, useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { useOpenProvider } from '../hooks/useOpenProvider.ts';
import { useSystemHealth } from '../services/monitoring/health.ts';
import { responsiveGrid } from '../theme/layout.ts';

const linkClass =
  'text-sm font-medium text-primary-700 hover:underline focus-visible:outline-2 focus-visible:outline-primary-500';

export default function BillingPage() {
  const { userId } = useViewer();
  const userLink = useUserLink();
  const navigate = useNavigate();
  const openProvider = useOpenProvider();
  const health = useSystemHealth();

  return (
    <Page
      title="Billing overview"
      description="Spend, usage and limits for the current billing period"
      actions={<ExportCsvButton userId={userId} />}
    >
      <BillingOverview
        userId={userId}
        onUpgrade={() => navigate(userLink(PAGE_PATHS.plans))}
        onViewDetails={() => navigate(userLink(PAGE_PATHS.trends))}
        onProviderClick={openProvider}
      />
      <div className={`mt-6 lg:mt-8 ${responsiveGrid}`}>
        <Card
          title="Recent alerts"
          className="md:col-span-2 lg:col-span-2"
          action={
            <Link to={userLink(PAGE_PATHS.alerts)} className={linkClass}>
              All alerts
            </Link>
          }
        >
          <AlertsPanel userId={userId} limit={3} />
        </Card>
        <Card
          title="System health"
          className="md:col-span-2 lg:col-span-1"
          action={
            <Link to={userLink(PAGE_PATHS.monitoring)} className={linkClass}>
              Details
            </Link>
          }
        >
          <QueryPanel query={health} what="system health">
            {(data) => (
              <SystemHealthIndicator
                health={data}
                isCompact
                onRefresh={() => void health.refetch()}
                isRefreshing={health.isFetching}
              />
            )}
          </QueryPanel>
        </Card>
      </div>
    </Page>
  );
}
