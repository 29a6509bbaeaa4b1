import { billingPeriodSchema, PROVIDER_LABELS, type Provider, providerSchema } from '@spendscope/contracts';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PAGE_PATHS } from '../app/pagePaths.ts';
import { prepareModelRows } from '../charts/prepareDailySeries.ts';
import { DailyUsageChart } from '../components/billing/DailyUsageChart.tsx';
import { ExportCsvButton } from '../components/billing/ExportCsvButton.tsx';
import { ModelTable } from '../components/billing/ModelTable.tsx';
import { WhatIfPanel } from '../components/billing/WhatIfPanel.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useUserLink, useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useFeatureFlagState } from '../hooks/useFeatureFlag.ts';
import {
  formatCompact,
  formatCurrency,
  formatInteger,
  formatPeriod,
  formatUnitPrice,
} from '../lib/format.ts';
import { recentPeriods } from '../lib/periods.ts';
import { useProviderDetails } from '../services/billing/providerDetails.ts';
import { useUsageStats } from '../services/billing/usageStats.ts';
import { FEATURE_FLAGS } from '../services/session/featureFlags.ts';
import { providerColors } from '../theme/palette.ts';
import NotFoundPage from './NotFoundPage.tsx';

const PERIODS_OFFERED = 12;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg bg-gray-50 p-3">
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums text-gray-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function ProviderDrilldown({ provider }: { provider: Provider }) {
  const { userId } = useViewer();
  const userLink = useUserLink();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('period');
  const period = requested && billingPeriodSchema.safeParse(requested).success ? requested : undefined;
  const details = useProviderDetails(userId, provider, period);
  const current = useUsageStats(userId);
  const periods = useMemo(
    () => (current.data ? recentPeriods(current.data.billing_period, PERIODS_OFFERED) : []),
    [current.data],
  );
  const models = useMemo(() => (details.data ? prepareModelRows(details.data) : []), [details.data]);
  const label = PROVIDER_LABELS[provider];

  return (
    <Page
      title={label}
      description={
        <Link to={userLink(PAGE_PATHS.overview)} className="font-medium text-primary-700 hover:underline">
          ← Back to overview
        </Link>
      }
      actions={
        <>
          {periods.length > 0 ? (
            <label className="flex items-center gap-2 text-sm text-gray-700">
              Period
              <select
                value={period ?? periods[0]}
                onChange={(event) =>
                  setSearchParams((previous) => {
                    const next = new URLSearchParams(previous);
                    next.set('period', event.target.value);
                    return next;
                  })
                }
                className="rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm"
              >
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {formatPeriod(p)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <ExportCsvButton userId={userId} period={period} />
        </>
      }
    >
      <QueryPanel query={details} what={`${label} usage`} skeleton={<SkeletonCard className="h-96" />}>
        {(data) => (
          <div className="grid grid-cols-1 gap-4 md:gap-6 lg:gap-8">
            <Card>
              <div className="flex items-center gap-2">
                <span
                  className="size-3 rounded-sm"
                  style={{ backgroundColor: providerColors[provider] }}
                  aria-hidden="true"
                />
                <h2 className="text-lg font-semibold text-gray-800">{formatPeriod(data.billing_period)}</h2>
              </div>
              <dl className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-4">
                <Stat label="Spend" value={formatCurrency(data.cost)} testId="provider-cost" />
                <Stat label="Calls" value={formatInteger(data.calls)} testId="provider-calls" />
                <Stat label="Tokens" value={formatCompact(data.tokens)} testId="provider-tokens" />
                <Stat
                  label={data.tokens > 0 ? 'Cost per 1K tokens' : 'Cost per call'}
                  value={
                    data.tokens > 0
                      ? formatUnitPrice((data.cost / data.tokens) * 1000)
                      : formatUnitPrice(data.calls > 0 ? data.cost / data.calls : 0)
                  }
                  testId="provider-unit-cost"
                />
              </dl>
              {data.forecast && data.billing_period === current.data?.billing_period ? (
                <p className="mt-3 text-sm text-gray-700" data-testid="provider-forecast">
                  Forecast for the month:{' '}
                  <strong className="tabular-nums">{formatCurrency(data.forecast.projected)}</strong>
                  {data.forecast.projected_low !== undefined && data.forecast.projected_high !== undefined
                    ? ` (likely ${formatCurrency(data.forecast.projected_low)}–${formatCurrency(data.forecast.projected_high)})`
                    : ' (not enough history for a range)'}
                </p>
              ) : null}
            </Card>
            <Card title="Models">
              <ModelTable models={models} />
            </Card>
            <Card title="Daily spend">
              <DailyUsageChart details={data} />
            </Card>
            <Card title="What if">
              <WhatIfPanel userId={userId} provider={provider} period={data.billing_period} />
            </Card>
          </div>
        )}
      </QueryPanel>
    </Page>
  );
}

export default function ProviderPage() {
  const params = useParams();
  const isEnabled = useFeatureFlagState(FEATURE_FLAGS.providerDrilldown);
  const provider = providerSchema.safeParse(params.provider);
  if (!provider.success) return <NotFoundPage />;
  if (isEnabled === undefined) return <SkeletonCard className="h-96" />;
  if (!isEnabled) {
    return (
      <Page title={PROVIDER_LABELS[provider.data]}>
        <p role="note" className="rounded-lg border border-gray-200 bg-white p-4 text-gray-700">
          Provider details are not enabled on this server.
        </p>
      </Page>
    );
  }
  return <ProviderDrilldown provider={provider.data} />;
}
