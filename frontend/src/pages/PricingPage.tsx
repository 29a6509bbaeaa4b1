import { PROVIDER_LABELS, PROVIDERS, type Provider, providerSchema } from '@spendscope/contracts';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../components/layout/Page.tsx';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { formatDateTime } from '../lib/format.ts';
import { describePrice, isCurrentPrice } from '../lib/pricing.ts';
import { useAPIPricing } from '../services/billing/pricing.ts';
import { responsiveGrid } from '../theme/layout.ts';
import { providerColors } from '../theme/palette.ts';

export default function PricingPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const parsed = providerSchema.safeParse(searchParams.get('provider'));
  const provider: Provider | undefined = parsed.success ? parsed.data : undefined;
  const [isShowingHistory, setIsShowingHistory] = useState(false);
  const pricing = useAPIPricing(provider);

  const rows = useMemo(() => {
    const list = pricing.data ?? [];
    const shown = isShowingHistory ? list : list.filter((price) => isCurrentPrice(price));
    return [...shown].sort(
      (a, b) =>
        PROVIDERS.indexOf(a.provider) - PROVIDERS.indexOf(b.provider) ||
        a.model_name.localeCompare(b.model_name) ||
        b.effective_from.localeCompare(a.effective_from),
    );
  }, [pricing.data, isShowingHistory]);

  return (
    <Page title="API pricing" description="What each provider's calls cost, as used to price your usage">
      <Card>
        <div className="mb-6 flex flex-wrap items-center gap-4">
          <label className="flex items-center gap-2 text-sm text-gray-700">
            Provider
            <select
              value={provider ?? ''}
              onChange={(event) =>
                setSearchParams((previous) => {
                  const next = new URLSearchParams(previous);
                  if (event.target.value) next.set('provider', event.target.value);
                  else next.delete('provider');
                  return next;
                })
              }
              className="rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm"
            >
              <option value="">All providers</option>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm text-gray-700">
            <input
              type="checkbox"
              checked={isShowingHistory}
              onChange={(event) => setIsShowingHistory(event.target.checked)}
              className="size-4 rounded border-gray-300"
            />
            Include past prices
          </label>
        </div>
        <QueryPanel query={pricing} what="pricing" skeleton={<SkeletonCard className="h-64" />}>
          {() =>
            rows.length === 0 ? (
              <p className="text-sm text-gray-600">No prices for this selection.</p>
            ) : (
              <div className={responsiveGrid} data-testid="pricing-list">
                {PROVIDERS.filter((p) => rows.some((row) => row.provider === p)).map((p) => (
                  <section
                    key={p}
                    aria-label={`${PROVIDER_LABELS[p]} prices`}
                    className="min-w-0 rounded-lg ring-1 ring-gray-200"
                  >
                    <h2 className="flex items-center gap-2 border-b border-gray-100 px-4 py-2.5 text-sm font-semibold text-gray-800">
                      <span
                        className="size-2.5 rounded-sm"
                        style={{ backgroundColor: providerColors[p] }}
                        aria-hidden="true"
                      />
                      {PROVIDER_LABELS[p]}
                    </h2>
                    <ul className="divide-y divide-gray-100 px-4">
                      {rows
                        .filter((row) => row.provider === p)
                        .map((price) => (
                          <li key={price.id} className="py-2.5" data-testid={`price-${price.id}`}>
                            <p className="break-words font-medium text-gray-900">{price.model_name}</p>
                            {price.description ? (
                              <p className="text-xs text-gray-500">{price.description}</p>
                            ) : null}
                            <ul className="mt-1 text-sm tabular-nums text-gray-700">
                              {describePrice(price).map((part) => (
                                <li key={part}>{part}</li>
                              ))}
                            </ul>
                            <p className="mt-1 text-xs text-gray-500">
                              In effect from {formatDateTime(price.effective_from)}
                              {price.effective_to ? ` to ${formatDateTime(price.effective_to)}` : ''}
                            </p>
                          </li>
                        ))}
                    </ul>
                  </section>
                ))}
              </div>
            )
          }
        </QueryPanel>
      </Card>
    </Page>
  );
}
