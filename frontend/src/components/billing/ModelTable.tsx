import type { ModelUsage } from '@spendscope/contracts';
import { formatCompact, formatCurrency, formatInteger, formatMs, formatUnitPrice } from '../../lib/format.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';

const td = 'whitespace-nowrap px-3 py-2 tabular-nums';

/** Per-model usage within one provider, with cost per 1K tokens (LLMs) or per call. */
export function ModelTable({ models }: { models: ModelUsage[] }) {
  if (models.length === 0)
    return <p className="text-sm text-gray-600">No calls to this provider in this period.</p>;
  return (
    <ScrollArea label="Models">
      <table className="w-full text-sm" data-testid="model-table">
        <TableHead
          columns={[
            'Model',
            'Calls',
            'Tokens (in / out / cached)',
            'Cost',
            'Unit cost',
            'Avg response',
            'Errors',
          ]}
        />
        <tbody className="divide-y divide-gray-100">
          {models.map((model) => (
            <tr key={model.model} data-testid={`model-row-${model.model}`}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-gray-900">
                {model.model}
                {model.unpriced_calls > 0 ? (
                  <span className="ml-2 rounded bg-warning-50 px-1.5 text-xs font-medium text-warning-900">
                    {formatInteger(model.unpriced_calls)} unpriced
                  </span>
                ) : null}
              </th>
              <td className={td}>{formatInteger(model.calls)}</td>
              <td className={td}>
                {formatCompact(model.input_tokens)} / {formatCompact(model.output_tokens)} /{' '}
                {formatCompact(model.cached_tokens)}
                {model.cache_write_tokens > 0 ? (
                  <span className="block text-xs text-gray-500">
                    {formatCompact(model.cache_write_tokens)} written to cache
                    {model.cache_write_1h_tokens > 0
                      ? `, ${formatCompact(model.cache_write_1h_tokens)} for 1h`
                      : ''}
                  </span>
                ) : null}
              </td>
              <td className={`${td} font-semibold text-gray-900`}>{formatCurrency(model.cost)}</td>
              <td className={td}>
                {model.cost_per_1k_tokens !== undefined
                  ? `${formatUnitPrice(model.cost_per_1k_tokens)} / 1K tokens`
                  : `${formatUnitPrice(model.cost_per_request)} / call`}
              </td>
              <td className={td}>{formatMs(model.avg_response_time)}</td>
              <td className={td}>{formatInteger(model.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
