import { PROVIDER_LABELS, PROVIDERS, type Provider, providerSchema } from '@spendscope/contracts';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { RepricePanel } from '../components/admin/RepricePanel.tsx';
import { PricingTable } from '../components/billing/PricingTable.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { formatInteger, formatPeriod } from '../lib/format.ts';
import { recentPeriods } from '../lib/periods.ts';
import { filterPricing, pageOf } from '../lib/pricingTable.ts';
import { useAPIPricing } from '../services/billing/pricing.ts';

const control = 'rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm';

export default function PricingPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const parsed = providerSchema.safeParse(searchParams.get('provider'));
  const provider: Provider | undefined = parsed.success ? parsed.data : undefined;
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const { isAdmin } = useViewer();
  // Every price is fetched once and filtered here: ~2,000 rows are a few hundred kilobytes.
  const pricing = useAPIPricing();
  const currentPeriod = new Date().toISOString().slice(0, 7);
  const [period, setPeriod] = useState(currentPeriod);

  const matching = useMemo(
    () => filterPricing(pricing.data ?? [], { query, provider }),
    [pricing.data, query, provider],
  );
  const shown = pageOf(matching, page);

  const setProvider = (value: string) => {
    setPage(0);
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set('provider', value);
      else next.delete('provider');
      return next;
    });
  };

  return (
    <Page title="API pricing" description="What each provider's calls cost, as used to price your usage">
      <Card>
        <div className="mb-4 flex flex-wrap items-center gap-4">
          <label className="flex items-center gap-2 text-sm text-gray-700">
            Model
            <input
              type="search"
              value={query}
              placeholder="e.g. claude-sonnet-4-5"
              onChange={(event) => {
                setQuery(event.target.value);
                setPage(0);
              }}
              className={control}
            />
          </label>
          <label className="flex items-center gap-2 text-sm text-gray-700">
            Provider
            <select
              value={provider ?? ''}
              onChange={(event) => setProvider(event.target.value)}
              className={control}
            >
              <option value="">All providers</option>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryPanel query={pricing} what="pricing" skeleton={<SkeletonCard className="h-64" />}>
          {() =>
            matching.length === 0 ? (
              <p className="text-sm text-gray-600">No prices for this selection.</p>
            ) : (
              <>
                <PricingTable prices={shown.rows} />
                <nav aria-label="Price pages" className="mt-3 flex items-center gap-3 text-sm text-gray-700">
                  <button
                    type="button"
                    onClick={() => setPage(shown.page - 1)}
                    disabled={shown.page === 0}
                    className="rounded-md px-2 py-1 ring-1 ring-gray-300 disabled:opacity-50"
                  >
                    Previous
                  </button>
                  <span>
                    Page {shown.page + 1} of {shown.pages} · {formatInteger(matching.length)} prices
                  </span>
                  <button
                    type="button"
                    onClick={() => setPage(shown.page + 1)}
                    disabled={shown.page >= shown.pages - 1}
                    className="rounded-md px-2 py-1 ring-1 ring-gray-300 disabled:opacity-50"
                  >
                    Next
                  </button>
                </nav>
              </>
            )
          }
        </QueryPanel>
        {isAdmin ? (
          <div className="mt-6">
            <label className="flex items-center gap-2 text-sm text-gray-700">
              Period
              <select value={period} onChange={(event) => setPeriod(event.target.value)} className={control}>
                {recentPeriods(currentPeriod, 12).map((p) => (
                  <option key={p} value={p}>
                    {formatPeriod(p)}
                  </option>
                ))}
              </select>
            </label>
            <RepricePanel key={period} period={period} />
          </div>
        ) : null}
      </Card>
    </Page>
  );
}
