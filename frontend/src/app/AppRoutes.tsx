import { lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell } from '../components/layout/AppShell.tsx';
import { SessionGate } from '../components/session/SessionGate.tsx';

// Each page is its own chunk: the overview does not download the chart library it does not draw.
const BillingPage = lazy(() => import('../pages/BillingPage.tsx'));
const TrendsPage = lazy(() => import('../pages/TrendsPage.tsx'));
const ProviderPage = lazy(() => import('../pages/ProviderPage.tsx'));
const PlansPage = lazy(() => import('../pages/PlansPage.tsx'));
const PricingPage = lazy(() => import('../pages/PricingPage.tsx'));
const AlertsPage = lazy(() => import('../pages/AlertsPage.tsx'));
const MonitoringPage = lazy(() => import('../pages/MonitoringPage.tsx'));
const AdminUsersPage = lazy(() => import('../pages/AdminUsersPage.tsx'));
const AdminKeysPage = lazy(() => import('../pages/AdminKeysPage.tsx'));
const AdminPlansPage = lazy(() => import('../pages/AdminPlansPage.tsx'));
const AdminChannelsPage = lazy(() => import('../pages/AdminChannelsPage.tsx'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage.tsx'));

/** `/` → `/billing`, keeping any query (an admin's `?user=`). */
function RedirectHome() {
  const { search } = useLocation();
  return <Navigate to={`/billing${search}`} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        element={
          <SessionGate>
            <AppShell />
          </SessionGate>
        }
      >
        <Route index element={<RedirectHome />} />
        <Route path="billing" element={<BillingPage />} />
        <Route path="billing/trends" element={<TrendsPage />} />
        <Route path="billing/providers/:provider" element={<ProviderPage />} />
        <Route path="billing/plans" element={<PlansPage />} />
        <Route path="billing/pricing" element={<PricingPage />} />
        <Route path="billing/alerts" element={<AlertsPage />} />
        <Route path="monitoring" element={<MonitoringPage />} />
        <Route path="admin/users" element={<AdminUsersPage />} />
        <Route path="admin/keys" element={<AdminKeysPage />} />
        <Route path="admin/plans" element={<AdminPlansPage />} />
        <Route path="admin/channels" element={<AdminChannelsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
