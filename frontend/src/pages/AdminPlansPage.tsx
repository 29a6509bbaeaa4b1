import { AdminListPage } from '../components/admin/AdminListPage.tsx';
import { PlanEditor } from '../components/admin/PlanEditor.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { subscriptionPlansQueryOptions } from '../services/billing/plans.ts';

/** Each plan is its own card with its form, so the list has no card around it and no adder. */
export default function AdminPlansPage() {
  return (
    <AdminListPage
      title="Plan settings"
      description="Limits and prices of each plan; users on a plan see changes live"
      renderItems={(plans) => plans.map((plan) => <PlanEditor key={plan.id} plan={plan} />)}
      query={subscriptionPlansQueryOptions()}
      what="plans"
      skeleton={<SkeletonCard className="h-96" />}
    />
  );
}
