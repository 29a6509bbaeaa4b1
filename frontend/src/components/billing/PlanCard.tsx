import type { SubscriptionPlan } from '@spendscope/contracts';
import { useId, useState } from 'react';
import { formatCurrency } from '../../lib/format.ts';
import { compareLimits } from '../../lib/limits.ts';
import { Badge } from '../ui/Badge.tsx';

type PlanCardProps = {
  plan: SubscriptionPlan;
  currentPlan: SubscriptionPlan | undefined;
  /** An admin can move the viewed user to this plan. */
  onChoose?: (() => void) | undefined;
  isChoosing?: boolean | undefined;
};

const TIER_ORDER = { free: 0, basic: 1, pro: 2, enterprise: 3 } as const;

function UpgradeDetails({ plan, currentPlan }: { plan: SubscriptionPlan; currentPlan: SubscriptionPlan }) {
  const changes = compareLimits(currentPlan.limits, plan.limits).filter((change) => change.isIncrease);
  return (
    <div
      className="mt-4 rounded-lg bg-primary-50 p-3 text-sm text-primary-900"
      data-testid={`upgrade-details-${plan.id}`}
    >
      <p className="font-semibold">Compared with {currentPlan.name} you get</p>
      {changes.length > 0 ? (
        <ul className="mt-2 space-y-1">
          {changes.map((change) => (
            <li key={change.key}>
              {change.label}: {change.from} → <strong>{change.to}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1">No higher limits.</p>
      )}
      <p className="mt-2">
        Plan changes are made by your administrator: ask them to move you to {plan.name}.
      </p>
    </div>
  );
}

/** One plan: price, what it includes, and the action that fits who is looking. */
export function PlanCard({ plan, currentPlan, onChoose, isChoosing }: PlanCardProps) {
  const [isShowingUpgrade, setIsShowingUpgrade] = useState(false);
  const detailsId = useId();
  const isCurrent = plan.id === currentPlan?.id;
  const isUpgrade = currentPlan !== undefined && TIER_ORDER[plan.tier] > TIER_ORDER[currentPlan.tier];

  return (
    <section
      className={`flex min-w-0 flex-col rounded-xl bg-white p-5 shadow-md ring-1 ${isCurrent ? 'ring-2 ring-primary-500' : 'ring-gray-200'}`}
      aria-label={`${plan.name} plan${isCurrent ? ' (current plan)' : ''}`}
      data-testid={`plan-${plan.id}`}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-gray-900">{plan.name}</h2>
        {isCurrent ? (
          <Badge className="bg-primary-50 text-primary-700 ring-primary-100" testId="current-plan">
            Current plan
          </Badge>
        ) : null}
      </div>
      <p className="mt-2">
        <span className="text-3xl font-bold text-gray-900">{formatCurrency(plan.price_monthly)}</span>
        <span className="text-sm text-gray-500"> / month</span>
      </p>
      <p className="text-xs text-gray-500">or {formatCurrency(plan.price_yearly)} / year</p>
      <p className="mt-3 text-sm text-gray-700">{plan.description}</p>
      <ul className="mt-3 flex-1 space-y-1.5 text-sm text-gray-700">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span className="text-success-700" aria-hidden="true">
              ✓
            </span>
            {feature}
          </li>
        ))}
      </ul>
      {onChoose && !isCurrent ? (
        <button
          type="button"
          onClick={onChoose}
          disabled={isChoosing}
          className="mt-4 rounded-lg bg-primary-600 px-4 py-2 text-sm font-semibold text-white hover:bg-primary-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-600 disabled:opacity-60"
        >
          {isChoosing ? 'Moving…' : `Move to ${plan.name}`}
        </button>
      ) : null}
      {!onChoose && isUpgrade && currentPlan ? (
        <>
          <button
            type="button"
            aria-expanded={isShowingUpgrade}
            aria-controls={detailsId}
            onClick={() => setIsShowingUpgrade((shown) => !shown)}
            className="mt-4 rounded-lg bg-primary-600 px-4 py-2 text-sm font-semibold text-white hover:bg-primary-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-600"
          >
            {isShowingUpgrade ? 'Hide details' : `What ${plan.name} gives you`}
          </button>
          <div id={detailsId}>
            {isShowingUpgrade ? <UpgradeDetails plan={plan} currentPlan={currentPlan} /> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
