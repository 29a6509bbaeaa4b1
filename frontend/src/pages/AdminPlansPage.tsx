import { AdminOnly } from '../components/admin/AdminOnly.tsx';
import { PlanEditor } from '../components/admin/PlanEditor.tsx';
import { Page } from '../components/layout/Page.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useSubscriptionPlans } from '../services/billing/plans.ts';

const TITLE = 'Plan settings';

export default function AdminPlansPage() {
  const plans = useSubscriptionPlans();
  return (
    <AdminOnly title={TITLE}>
      <Page title={TITLE} description="Limits and prices of each plan; users on a plan see changes live">
        <QueryPanel query={plans} what="plans" skeleton={<SkeletonCard className="h-96" />}>
          {(shown) => (
            <div className="space-y-6">
              {shown.map((plan) => (
                <PlanEditor key={plan.id} plan={plan} />
              ))}
            </div>
          )}
        </QueryPanel>
      </Page>
    </AdminOnly>
  );
}
