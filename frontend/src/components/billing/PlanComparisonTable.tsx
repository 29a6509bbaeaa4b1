import { LIMIT_KEYS, type SubscriptionPlan } from '@spendscope/contracts';
import { formatLimit, limitLabel } from '../../lib/limits.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';

/** Every limit of every plan side by side. */
export function PlanComparisonTable({
  plans,
  currentPlanId,
}: {
  plans: SubscriptionPlan[];
  currentPlanId?: string | undefined;
}) {
  return (
    <ScrollArea label="Limits of each plan">
      <table className="w-full text-sm">
        <caption className="sr-only">Limits of each plan</caption>
        <thead className="border-b border-gray-200">
          <tr>
            <th scope="col" className="px-3 py-2 text-left text-xs font-medium text-gray-500">
              Limit per month
            </th>
            {plans.map((plan) => (
              <th
                scope="col"
                key={plan.id}
                className={`whitespace-nowrap px-3 py-2 text-left text-xs font-semibold ${plan.id === currentPlanId ? 'text-primary-700' : 'text-gray-700'}`}
              >
                {plan.name}
                {plan.id === currentPlanId ? ' (current)' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {LIMIT_KEYS.map((key) => (
            <tr key={key}>
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal text-gray-700">
                {limitLabel(key)}
              </th>
              {plans.map((plan) => (
                <td
                  key={plan.id}
                  className={`whitespace-nowrap px-3 py-1.5 tabular-nums ${plan.id === currentPlanId ? 'bg-primary-50 font-medium text-gray-900' : 'text-gray-700'}`}
                >
                  {formatLimit(key, plan.limits[key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
