import { fetchAlerts, getUsageAlerts, markAlertRead } from './billing/alerts.ts';
import { getDashboardData } from './billing/dashboard.ts';
import { getSubscriptionPlans } from './billing/plans.ts';
import { getAPIPricing } from './billing/pricing.ts';
import { getProviderDetails } from './billing/providerDetails.ts';
import { getUsageTrends } from './billing/trends.ts';
import { getUsageExport } from './billing/usageExport.ts';
import { getUsageStats } from './billing/usageStats.ts';
import { getUsers, type UsersPageRequest, updateUser } from './billing/users.ts';

/**
 * The spec's billing service. Each function lives in its endpoint's module under `./billing/`,
 * beside that endpoint's query options and hook; this object gathers them under the spec's names.
 */
export const billingService = {
  getDashboardData: (userId: string) => getDashboardData(userId),
  getUsageStats: (userId: string, period?: string) => getUsageStats(userId, period),
  getUsageTrends: (userId: string, months?: number) => getUsageTrends(userId, months),
  getSubscriptionPlans: () => getSubscriptionPlans(),
  getAPIPricing: (provider?: string) => getAPIPricing(provider),
  getUsageAlerts: (userId: string, unreadOnly?: boolean) => getUsageAlerts(userId, unreadOnly),
  markAlertRead: (alertId: number) => markAlertRead(alertId),
  // Beyond the spec: what the drill-down, export and admin pages need.
  getAlertsWithCount: (userId: string, unreadOnly?: boolean) => fetchAlerts(userId, unreadOnly),
  getProviderDetails: (userId: string, provider: string, period?: string) =>
    getProviderDetails(userId, provider, period),
  getUsageExport: (userId: string, period?: string) => getUsageExport(userId, period),
  getUsers: (request?: UsersPageRequest) => getUsers(request),
  updateUser,
};
