import type { Provider } from '@spendscope/contracts';
import { useId, useMemo, useState } from 'react';
import { formatCurrency } from '../../lib/format.ts';
import { useAPIPricing } from '../../services/billing/pricing.ts';
import { useWhatIf } from '../../services/billing/whatIf.ts';
import { QueryPanel } from '../ui/QueryPanel.tsx';
import { ShimmerEffect } from '../ui/Skeleton.tsx';

type WhatIfPanelProps = { userId: string; provider: Provider; period?: string | undefined };

/** A difference in dollars with its sign: "+$1.20" dearer, "−$0.40" a saving. */
function formatDifference(dollars: number): string {
  if (dollars === 0) return formatCurrency(0);
  return `${dollars > 0 ? '+' : '−'}${formatCurrency(Math.abs(dollars))}`;
}

function differenceClass(dollars: number): string {
  if (dollars < 0) return 'text-green-700';
  if (dollars > 0) return 'text-red-700';
  return 'text-gray-700';
}

/**
 * "What would this period have cost with model X": the provider's models with a current price to
 * choose from, and the period's tokens re-priced under the chosen one, per model and in total.
 */
export function WhatIfPanel({ userId, provider, period }: WhatIfPanelProps) {
  const selectId = useId();
  const pricing = useAPIPricing(provider);
  const [model, setModel] = useState<string>('');
  const whatIf = useWhatIf(userId, provider, model, period);
  const models = useMemo(
    () => [...new Set((pricing.data ?? []).filter((p) => !p.effective_to).map((p) => p.model_name))].sort(),
    [pricing.data],
  );

  return (
    <div data-testid="what-if">
      <label htmlFor={selectId} className="text-sm text-gray-700">
        Price this period with
      </label>
      <select
        id={selectId}
        value={model}
        onChange={(event) => setModel(event.target.value)}
        className="ml-2 max-w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm"
      >
        <option value="">Choose a model…</option>
        {models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {model === '' ? (
        <p className="mt-3 text-sm text-gray-600">
          Re-prices this period's actual tokens under another model's current prices. Nothing is changed.
        </p>
      ) : (
        <div className="mt-4">
          <QueryPanel query={whatIf} what="the what-if price" skeleton={<ShimmerEffect />}>
            {(data) => (
              <>
                <p className="text-sm text-gray-800" data-testid="what-if-total">
                  With {data.model}: <strong>{formatCurrency(data.what_if_cost)}</strong> instead of{' '}
                  {formatCurrency(data.actual_cost)}{' '}
                  <span className={`font-semibold ${differenceClass(data.difference)}`}>
                    ({formatDifference(data.difference)})
                  </span>
                </p>
                <div className="mt-3 overflow-x-auto">
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs text-gray-500">
                      <tr>
                        <th scope="col" className="py-1 pr-3 font-medium">
                          Model used
                        </th>
                        <th scope="col" className="py-1 pr-3 text-right font-medium">
                          Cost
                        </th>
                        <th scope="col" className="py-1 pr-3 text-right font-medium">
                          With {data.model}
                        </th>
                        <th scope="col" className="py-1 text-right font-medium">
                          Difference
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-gray-100 tabular-nums">
                      {data.models.map((m) => (
                        <tr key={m.model} data-testid="what-if-row">
                          <th scope="row" className="break-all py-1.5 pr-3 font-normal text-gray-900">
                            {m.model}
                          </th>
                          <td className="py-1.5 pr-3 text-right">{formatCurrency(m.actual_cost)}</td>
                          <td className="py-1.5 pr-3 text-right">{formatCurrency(m.what_if_cost)}</td>
                          <td className={`py-1.5 text-right ${differenceClass(m.difference)}`}>
                            {formatDifference(m.difference)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {data.models.length === 0 ? (
                  <p className="mt-2 text-sm text-gray-600">No usage of this provider in the period.</p>
                ) : null}
              </>
            )}
          </QueryPanel>
        </div>
      )}
    </div>
  );
}
