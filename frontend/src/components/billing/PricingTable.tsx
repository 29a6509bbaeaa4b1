import type { APIPricing } from '@spendscope/contracts';
import { PROVIDER_LABELS } from '@spendscope/contracts';
import {
  describeSince,
  describeSource,
  describeTiers,
  perMillionTokens,
  perUnitRates,
} from '../../lib/pricingTable.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';

const COLUMNS = [
  'Model',
  'Provider',
  'Input',
  'Cached',
  'Cache write 5m',
  'Cache write 1h',
  'Output',
  'Per call',
  'Long context',
  'Since',
  'Source',
] as const;

const td = 'whitespace-nowrap px-3 py-2 tabular-nums text-gray-700';

/** One page of prices, every rate in its own column (token rates per 1M tokens). */
export function PricingTable({ prices }: { prices: readonly APIPricing[] }) {
  return (
    <ScrollArea label="Prices">
      <table className="w-full text-sm" data-testid="pricing-table">
        <caption className="sr-only">Token rates are dollars per million tokens</caption>
        <TableHead columns={COLUMNS} />
        <tbody className="divide-y divide-gray-100">
          {prices.map((price) => (
            <tr key={price.id} data-testid={`price-${price.id}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="block font-medium text-gray-900">{price.model_name}</span>
                {price.description && price.description !== price.model_name ? (
                  <span className="block text-xs text-gray-500">{price.description}</span>
                ) : null}
              </th>
              <td className={td}>{PROVIDER_LABELS[price.provider]}</td>
              <td className={td}>{perMillionTokens(price.cost_per_input_token)}</td>
              <td className={td}>{perMillionTokens(price.cost_per_cached_token)}</td>
              <td className={td}>{perMillionTokens(price.cost_per_cache_write_token)}</td>
              <td className={td}>{perMillionTokens(price.cost_per_cache_write_1h_token)}</td>
              <td className={td}>{perMillionTokens(price.cost_per_output_token)}</td>
              <td className={td}>{perUnitRates(price)}</td>
              <td className={`${td} text-xs`}>
                {describeTiers(price).map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))}
              </td>
              <td className={td}>{describeSince(price.effective_from)}</td>
              <td className={td}>{describeSource(price.source)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
