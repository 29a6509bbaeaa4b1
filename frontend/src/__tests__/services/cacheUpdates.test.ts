import { describe, expect, it } from 'vitest';
import { alertsQueryOptions } from '../../services/billing/alerts.ts';
import { applyUsageUpdate, markAlertReadInCache } from '../../services/billing/cacheUpdates.ts';
import { dashboardQueryOptions } from '../../services/billing/dashboard.ts';
import {
  makeAlert,
  makeAlertsResponse,
  makeDashboard,
  makeUsageStats,
  USER_ID,
} from '../../test/fixtures.ts';
import { createTestQueryClient } from '../../test/render.tsx';

describe('cache updates', () => {
  it('marks an alert read everywhere at once: lists, unread counts, dashboard', () => {
    const queryClient = createTestQueryClient();
    const alerts = [makeAlert({ id: 1 }), makeAlert({ id: 2, title: 'OpenAI calls at 90%' })];
    queryClient.setQueryData(alertsQueryOptions(USER_ID).queryKey, makeAlertsResponse(alerts));
    queryClient.setQueryData(alertsQueryOptions(USER_ID, true).queryKey, makeAlertsResponse(alerts));
    queryClient.setQueryData(dashboardQueryOptions(USER_ID).queryKey, makeDashboard({ alerts }));

    markAlertReadInCache(queryClient, USER_ID, 2);

    const all = queryClient.getQueryData(alertsQueryOptions(USER_ID).queryKey);
    expect(all?.unread_count).toBe(1);
    expect(all?.alerts.find((a) => a.id === 2)).toMatchObject({ is_read: true });
    expect(all?.alerts.find((a) => a.id === 2)?.read_at).toBeDefined();
    // The unread-only list drops it.
    expect(
      queryClient.getQueryData(alertsQueryOptions(USER_ID, true).queryKey)?.alerts.map((a) => a.id),
    ).toEqual([1]);
    expect(queryClient.getQueryData(dashboardQueryOptions(USER_ID).queryKey)?.summary.unread_alerts).toBe(1);
  });

  it('does not count an alert twice when it is already read', () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(
      alertsQueryOptions(USER_ID).queryKey,
      makeAlertsResponse([makeAlert({ is_read: true })]),
    );
    markAlertReadInCache(queryClient, USER_ID, 1);
    expect(queryClient.getQueryData(alertsQueryOptions(USER_ID).queryKey)?.unread_count).toBe(0);
  });

  it('leaves the dashboard alone when a push is for another period', () => {
    const queryClient = createTestQueryClient();
    const dashboard = makeDashboard();
    queryClient.setQueryData(dashboardQueryOptions(USER_ID).queryKey, dashboard);
    applyUsageUpdate(queryClient, USER_ID, makeUsageStats({ billing_period: '2026-06', total_cost: 0.5 }));
    expect(queryClient.getQueryData(dashboardQueryOptions(USER_ID).queryKey)).toBe(dashboard);
  });
});
