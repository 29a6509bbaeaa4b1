import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, useRealtimeUpdates } from '../../hooks/useRealtimeUpdates.ts';
import { alertsQueryOptions } from '../../services/billing/alerts.ts';
import { dashboardQueryOptions } from '../../services/billing/dashboard.ts';
import { usageStatsQueryOptions } from '../../services/billing/usageStats.ts';
import { FakeSocket } from '../../test/fakeSocket.ts';
import {
  makeAlert,
  makeAlertsResponse,
  makeBreakdown,
  makeDashboard,
  makeUsageStats,
  USER_ID,
} from '../../test/fixtures.ts';
import { createTestQueryClient } from '../../test/render.tsx';

const noJitter = () => 1;

function setup() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(dashboardQueryOptions(USER_ID).queryKey, makeDashboard());
  queryClient.setQueryData(usageStatsQueryOptions(USER_ID).queryKey, makeUsageStats());
  queryClient.setQueryData(alertsQueryOptions(USER_ID).queryKey, makeAlertsResponse());
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook(
    () => useRealtimeUpdates(USER_ID, { createSocket: FakeSocket.create, random: noJitter }),
    { wrapper },
  );
  return { queryClient, hook };
}

describe('useRealtimeUpdates', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects to the user’s socket on this origin with the token, and reports live once open', () => {
    const { hook } = setup();
    expect(hook.result.current.status).toBe('connecting');
    expect(FakeSocket.latest().url).toBe(
      `ws://${window.location.host}/ws/billing/${USER_ID}?token=test-token`,
    );
    act(() => FakeSocket.latest().open());
    expect(hook.result.current.status).toBe('live');
  });

  it('writes usage.updated into the usage stats and the dashboard in the cache', () => {
    const { queryClient } = setup();
    act(() => FakeSocket.latest().open());
    const next = makeUsageStats({
      provider_breakdown: makeBreakdown({ tavily: { calls: 500, tokens: 0, cost: 4 } }),
    });
    act(() => FakeSocket.latest().send({ type: 'usage.updated', data: next }));

    expect(queryClient.getQueryData(usageStatsQueryOptions(USER_ID).queryKey)).toEqual(next);
    const dashboard = queryClient.getQueryData(dashboardQueryOptions(USER_ID).queryKey);
    expect(dashboard?.current_usage.total_calls).toBe(2000);
    expect(dashboard?.summary.total_api_calls_this_month).toBe(2000);
    expect(dashboard?.summary.total_cost_this_month).toBe(24.75);
  });

  it('adds alert.created to the alerts lists and the unread counts, once', () => {
    const { queryClient } = setup();
    act(() => FakeSocket.latest().open());
    const alert = makeAlert({
      id: 99,
      title: 'OpenAI calls at 90%',
      severity: 'warning',
      threshold_percentage: 90,
    });
    act(() => FakeSocket.latest().send({ type: 'alert.created', data: alert }));
    act(() => FakeSocket.latest().send({ type: 'alert.created', data: alert }));

    const alerts = queryClient.getQueryData(alertsQueryOptions(USER_ID).queryKey);
    expect(alerts?.alerts.map((a) => a.id)).toEqual([99, 1]);
    expect(alerts?.unread_count).toBe(2);
    expect(queryClient.getQueryData(dashboardQueryOptions(USER_ID).queryKey)?.summary.unread_alerts).toBe(2);
  });

  it('ignores messages that are not valid JSON or do not match the contract', () => {
    const { queryClient } = setup();
    act(() => FakeSocket.latest().open());
    const before = queryClient.getQueryData(usageStatsQueryOptions(USER_ID).queryKey);
    act(() => FakeSocket.latest().send('not json'));
    act(() => FakeSocket.latest().send({ type: 'usage.updated', data: { total_calls: 'many' } }));
    act(() => FakeSocket.latest().send({ type: 'something.else', data: {} }));
    expect(queryClient.getQueryData(usageStatsQueryOptions(USER_ID).queryKey)).toBe(before);
  });

  it('reconnects with exponential backoff and shows reconnecting meanwhile', () => {
    vi.useFakeTimers();
    const { hook } = setup();
    act(() => FakeSocket.latest().open());

    act(() => FakeSocket.latest().drop());
    expect(hook.result.current.status).toBe('reconnecting');
    expect(FakeSocket.instances).toHaveLength(1);
    act(() => vi.advanceTimersByTime(999));
    expect(FakeSocket.instances).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.instances).toHaveLength(2);

    // The second attempt fails too: the wait doubles.
    act(() => FakeSocket.latest().drop());
    act(() => vi.advanceTimersByTime(1999));
    expect(FakeSocket.instances).toHaveLength(2);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.instances).toHaveLength(3);

    act(() => FakeSocket.latest().open());
    expect(hook.result.current.status).toBe('live');
  });

  it('refetches the user’s data after a reconnect to catch up', () => {
    vi.useFakeTimers();
    const { queryClient } = setup();
    act(() => FakeSocket.latest().open());
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    act(() => FakeSocket.latest().drop());
    act(() => vi.advanceTimersByTime(1000));
    act(() => FakeSocket.latest().open());
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['user', USER_ID] });
  });

  it('closes the socket and stops retrying when unmounted', () => {
    vi.useFakeTimers();
    const { hook } = setup();
    const socket = FakeSocket.latest();
    act(() => socket.open());
    hook.unmount();
    expect(socket.isClosed).toBe(true);
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.instances).toHaveLength(1);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum, with half of it jittered', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 1000, 30_000, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 30_000,
    ]);
    expect(backoffDelay(2, 1000, 30_000, () => 0)).toBe(2000);
  });
});
