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
import { providerColors } from '../theme/palette.ts';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium text-gray-500';

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
        <div className="mb-4 flex flex-wrap items-center gap-4">
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
              <div className="-mx-4 overflow-x-auto sm:mx-0">
                <table className="w-full text-sm" data-testid="pricing-table">
                  <thead className="border-b border-gray-200">
                    <tr>
                      <th scope="col" className={th}>
                        Provider
                      </th>
                      <th scope="col" className={th}>
                        Model
                      </th>
                      <th scope="col" className={th}>
                        Price
                      </th>
                      <th scope="col" className={th}>
                        In effect
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-gray-100">
                    {rows.map((price) => (
                      <tr key={price.id}>
                        <td className="whitespace-nowrap px-3 py-2">
                          <span className="inline-flex items-center gap-2">
                            <span
                              className="size-2.5 rounded-sm"
                              style={{ backgroundColor: providerColors[price.provider] }}
                              aria-hidden="true"
                            />
                            {PROVIDER_LABELS[price.provider]}
                          </span>
                        </td>
                        <th scope="row" className="px-3 py-2 text-left font-medium text-gray-900">
                          {price.model_name}
                          {price.description ? (
                            <span className="block text-xs font-normal text-gray-500">
                              {price.description}
                            </span>
                          ) : null}
                        </th>
                        <td className="px-3 py-2 text-gray-700">
                          {describePrice(price).map((part) => (
                            <span key={part} className="block whitespace-nowrap tabular-nums">
                              {part}
                            </span>
                          ))}
                        </td>
                        <td className="whitespace-nowrap px-3 py-2 text-xs text-gray-500">
                          from {formatDateTime(price.effective_from)}
                          {price.effective_to ? (
                            <span className="block">to {formatDateTime(price.effective_to)}</span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryPanel>
      </Card>
    </Page>
  );
}
