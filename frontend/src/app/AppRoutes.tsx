import { lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell } from '../components/layout/AppShell.tsx';
import { SessionGate } from '../components/session/SessionGate.tsx';
import { PAGE_PATHS } from './pagePaths.ts';

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

/** `/` → the overview, keeping any query (an admin's `?user=`). */
function RedirectHome() {
  const { search } = useLocation();
  return <Navigate to={`${PAGE_PATHS.overview}${search}`} replace />;
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
        <Route path={PAGE_PATHS.overview} element={<BillingPage />} />
        <Route path={PAGE_PATHS.trends} element={<TrendsPage />} />
        <Route path={PAGE_PATHS.provider} element={<ProviderPage />} />
        <Route path={PAGE_PATHS.plans} element={<PlansPage />} />
        <Route path={PAGE_PATHS.pricing} element={<PricingPage />} />
        <Route path={PAGE_PATHS.alerts} element={<AlertsPage />} />
        <Route path={PAGE_PATHS.monitoring} element={<MonitoringPage />} />
        <Route path={PAGE_PATHS.adminUsers} element={<AdminUsersPage />} />
        <Route path={PAGE_PATHS.adminKeys} element={<AdminKeysPage />} />
        <Route path={PAGE_PATHS.adminPlans} element={<AdminPlansPage />} />
        <Route path={PAGE_PATHS.adminChannels} element={<AdminChannelsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
