import { useMemo } from 'react';
import { PlanCard } from '../components/billing/PlanCard.tsx';
import { PlanComparisonTable } from '../components/billing/PlanComparisonTable.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { ErrorPanel } from '../components/ui/ErrorPanel.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useSubscriptionPlans } from '../services/billing/plans.ts';
import { useUsageStats } from '../services/billing/usageStats.ts';
import { useUpdateUser } from '../services/billing/users.ts';
import { responsiveGrid } from '../theme/layout.ts';

export default function PlansPage() {
  const { userId, isAdmin, isViewingOther } = useViewer();
  const plans = useSubscriptionPlans();
  const usage = useUsageStats(userId);
  const updateUser = useUpdateUser(userId);
  const currentPlanId = usage.data?.plan.id;
  const currentPlan = useMemo(
    () => plans.data?.find((plan) => plan.id === currentPlanId),
    [plans.data, currentPlanId],
  );
  const subject = isViewingOther ? userId : 'you';

  return (
    <Page
      title="Plans"
      description={
        isAdmin
          ? `Compare plans and choose the one for ${isViewingOther ? userId : 'your own account'}`
          : 'Compare plans and see what an upgrade gives you'
      }
    >
      {updateUser.isError ? <ErrorPanel error={updateUser.error} what="the plan change" /> : null}
      {updateUser.isSuccess ? (
        <p role="status" className="mb-4 rounded-lg bg-success-50 p-3 text-sm text-success-900">
          Moved {subject} to {updateUser.data.plan.name}. Limits and usage percentages now follow the new
          plan.
        </p>
      ) : null}
      <QueryPanel
        query={plans}
        what="plans"
        skeleton={
          <div className={responsiveGrid}>
            <SkeletonCard className="h-72" />
            <SkeletonCard className="h-72" />
            <SkeletonCard className="h-72" />
          </div>
        }
      >
        {(list) => (
          <div className="space-y-6 lg:space-y-8">
            <div className={responsiveGrid}>
              {list.map((plan) => (
                <PlanCard
                  key={plan.id}
                  plan={plan}
                  currentPlan={currentPlan}
                  onChoose={isAdmin ? () => updateUser.mutate({ plan_id: plan.id }) : undefined}
                  isChoosing={updateUser.isPending && updateUser.variables?.plan_id === plan.id}
                />
              ))}
            </div>
            <Card title="Compare limits">
              <PlanComparisonTable plans={list} currentPlanId={currentPlanId} />
            </Card>
          </div>
        )}
      </QueryPanel>
    </Page>
  );
}
