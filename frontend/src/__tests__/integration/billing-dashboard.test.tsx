import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { featureFlagsQueryOptions } from '../../services/session/featureFlags.ts';
import {
  makeAlert,
  makeBreakdown,
  makeDashboard,
  makeMe,
  makeUsageStats,
  makeUser,
  USER_ID,
} from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, apiError, billingSocket, server } from '../../test/server.ts';

/** Pages are lazy chunks: the first visit in a run waits for the module to be compiled. */
const PAGE_LOAD = { timeout: 10_000 };

/** Remembers which users' dashboards were asked for. */
function recordDashboardRequests() {
  const userIds: string[] = [];
  server.use(
    http.get(api('/api/billing/dashboard/:userId'), ({ params }) => {
      userIds.push(String(params.userId));
      const stats = makeUsageStats({ user_id: String(params.userId) });
      return HttpResponse.json(makeDashboard({ current_usage: stats }));
    }),
  );
  return userIds;
}

function signInAsAdmin() {
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
  );
}

type SocketClient = { send: (data: string) => void; close: (code?: number, reason?: string) => void };

/** Hands the test the server side of the next socket the app opens. */
function captureSocket() {
  const clients: SocketClient[] = [];
  server.use(
    billingSocket.addEventListener('connection', ({ client }) => {
      clients.push(client);
    }),
  );
  return async () => {
    await waitFor(() => expect(clients.length).toBeGreaterThan(0));
    return clients.at(-1) as SocketClient;
  };
}

// Generous: the first visit to a page compiles its lazy chunk (the chart library is large).
describe('billing dashboard', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens on the overview with the signed-in user’s numbers, unread badge and health', async () => {
    const userIds = recordDashboardRequests();
    renderWithProviders(<AppRoutes />, { route: '/' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Billing overview' }, PAGE_LOAD),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('total-cost')).toHaveTextContent('$21.95');
    expect(screen.getByTestId('total-calls')).toHaveTextContent('1,650');
    expect(await screen.findByTestId('unread-badge')).toHaveTextContent('1');
    expect(await screen.findByTestId('health-status')).toHaveTextContent('Healthy');
    expect(userIds).toEqual([USER_ID]);
  });

  it('applies live updates from the WebSocket to the numbers and the alerts', async () => {
    const nextSocket = captureSocket();
    renderWithProviders(<AppRoutes />);
    expect(await screen.findByTestId('total-calls')).toHaveTextContent('1,650');
    const socket = await nextSocket();
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('Live'));

    const next = makeUsageStats({
      provider_breakdown: makeBreakdown({ tavily: { calls: 500, tokens: 0, cost: 4 } }),
    });
    socket.send(JSON.stringify({ type: 'usage.updated', data: next }));
    await waitFor(() => expect(screen.getByTestId('total-calls')).toHaveTextContent('2,000'));
    expect(screen.getByTestId('total-cost')).toHaveTextContent('$24.75');

    socket.send(
      JSON.stringify({ type: 'alert.created', data: makeAlert({ id: 2, title: 'Tavily calls at 50%' }) }),
    );
    await waitFor(() => expect(screen.getByTestId('unread-badge')).toHaveTextContent('2'));
    expect(screen.getByText('Tavily calls at 50%')).toBeInTheDocument();
  });

  it('shows Reconnecting when the socket drops', async () => {
    const nextSocket = captureSocket();
    renderWithProviders(<AppRoutes />);
    const socket = await nextSocket();
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('Live'));
    socket.close(1011, 'server restarting');
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('Reconnecting'));
  });

  it('marks an alert read and the unread badge drops', async () => {
    let markedId: string | undefined;
    server.use(
      http.post(api('/api/billing/alerts/:alertId/read'), ({ params }) => {
        markedId = String(params.alertId);
        return HttpResponse.json({
          alert: makeAlert({ is_read: true, read_at: '2026-05-15T13:00:00.000Z' }),
        });
      }),
    );
    renderWithProviders(<AppRoutes />, { route: '/billing/alerts' });
    expect(await screen.findByTestId('unread-badge')).toHaveTextContent('1');
    const alerts = await screen.findByRole('list', { name: 'Alerts' });
    // After the POST the list refetches: from now on the server says it is read.
    server.use(
      http.get(api('/api/billing/alerts/:userId'), () =>
        HttpResponse.json({
          alerts: [makeAlert({ is_read: true, read_at: '2026-05-15T13:00:00.000Z' })],
          unread_count: 0,
        }),
      ),
    );
    await userEvent.click(
      within(alerts).getByRole('button', { name: 'Mark as read: Anthropic calls at 80%' }),
    );
    await waitFor(() => expect(screen.queryByTestId('unread-badge')).not.toBeInTheDocument());
    expect(markedId).toBe('1');
    expect(screen.getByTestId('alert-1')).toHaveAttribute('data-read', 'true');
  });

  it('drills down from the cost breakdown into a provider’s models and back', async () => {
    renderWithProviders(<AppRoutes />, { route: '/billing/trends' });
    await userEvent.click(
      await screen.findByRole('button', { name: /^OpenAI 56\.9% of spend \$12\.50/ }, PAGE_LOAD),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'OpenAI' }, PAGE_LOAD)).toBeInTheDocument();
    const table = await screen.findByTestId('model-table');
    expect(within(table).getByRole('rowheader', { name: 'gpt-4o' })).toBeInTheDocument();
    expect(within(table).getByTestId('model-row-gpt-4o')).toHaveTextContent('$0.0125 / 1K tokens');
    await userEvent.click(screen.getByRole('link', { name: '← Back to overview' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Billing overview' }, PAGE_LOAD),
    ).toBeInTheDocument();
  });

  it('offers no drill-down when the provider_drilldown flag is off', async () => {
    server.use(
      http.get(api('/api/feature-flags'), () =>
        HttpResponse.json({ flags: { csv_export: true, provider_drilldown: false } }),
      ),
    );
    const { queryClient } = renderWithProviders(<AppRoutes />, { route: '/billing/trends' });
    expect(await screen.findByTestId('breakdown-openai', {}, PAGE_LOAD)).toBeInTheDocument();
    // Only meaningful once the flags are in: before that, drill-down is off anyway.
    await waitFor(() => expect(queryClient.getQueryData(featureFlagsQueryOptions().queryKey)).toBeDefined());
    expect(screen.getByTestId('breakdown-openai')).toHaveTextContent('OpenAI');
    expect(
      screen.queryByRole('button', { name: /^OpenAI 56\.9% of spend \$12\.50/ }),
    ).not.toBeInTheDocument();
  });

  it('says the sign-in has expired when the token is refused, and shows no data', async () => {
    server.use(http.get(api('/api/me'), () => apiError(401, 'unauthorized', 'Token expired')));
    renderWithProviders(<AppRoutes />);
    expect(await screen.findByRole('heading', { name: 'Your sign-in has expired' })).toBeInTheDocument();
    expect(screen.queryByTestId('total-cost')).not.toBeInTheDocument();
  });

  it('switches to the expired state when any later request is refused', async () => {
    server.use(
      http.get(api('/api/billing/dashboard/:userId'), () => apiError(401, 'unauthorized', 'Token expired')),
    );
    renderWithProviders(<AppRoutes />);
    expect(await screen.findByTestId('session-expired')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
  });

  it('asks for a sign-in link when there is no token', async () => {
    window.sessionStorage.clear();
    renderWithProviders(<AppRoutes />);
    expect(screen.getByTestId('sign-in-required')).toHaveTextContent('/billing?token=');
  });

  it('shows a normal user only their own data, whatever the URL asks for', async () => {
    const userIds = recordDashboardRequests();
    renderWithProviders(<AppRoutes />, { route: '/billing?user=alice' });
    expect(await screen.findByTestId('total-cost')).toBeInTheDocument();
    expect(userIds).toEqual([USER_ID]);
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Viewing/)).not.toBeInTheDocument();
  });

  it('lets an admin open any user’s dashboard from the users overview', async () => {
    signInAsAdmin();
    const userIds = recordDashboardRequests();
    server.use(
      http.get(api('/api/billing/users'), () =>
        HttpResponse.json({ users: [makeUser(), makeUser({ id: 'bob', display_name: 'Bob' })] }),
      ),
    );
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    const table = await screen.findByTestId('users-table');
    await userEvent.click(within(table).getByRole('link', { name: 'Alice Example' }));
    expect(await screen.findByTestId('total-cost')).toBeInTheDocument();
    expect(userIds).toEqual(['alice']);
    expect(screen.getByText('alice', { selector: 'strong' })).toBeInTheDocument();
    // Navigation keeps the admin on Alice.
    expect(screen.getAllByRole('link', { name: 'Trends' })[0]).toHaveAttribute(
      'href',
      '/billing/trends?user=alice',
    );
  });

  it('keeps the users overview from non-admins', async () => {
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    expect(await screen.findByText('Only administrators can see other users.')).toBeInTheDocument();
    expect(screen.queryByTestId('users-table')).not.toBeInTheDocument();
  });

  it('lets an admin move a user to another plan', async () => {
    signInAsAdmin();
    let update: { userId: string; body: unknown } | undefined;
    server.use(
      http.put(api('/api/billing/users/:userId'), async ({ params, request }) => {
        update = { userId: String(params.userId), body: await request.json() };
        return HttpResponse.json({
          user: makeUser({ plan: { id: 'enterprise', name: 'Enterprise', tier: 'enterprise' } }),
        });
      }),
    );
    renderWithProviders(<AppRoutes />, { route: '/billing/plans?user=alice' });
    expect(await screen.findByTestId('current-plan')).toBeInTheDocument();
    expect(within(screen.getByTestId('plan-pro')).getByTestId('current-plan')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Move to Enterprise' }));
    expect(await screen.findByText(/Moved alice to Enterprise/)).toBeInTheDocument();
    expect(update).toEqual({ userId: 'alice', body: { plan_id: 'enterprise' } });
  });

  it('shows a user what an upgrade gives, without offering to change the plan', async () => {
    renderWithProviders(<AppRoutes />, { route: '/billing/plans' });
    const enterprise = await screen.findByTestId('plan-enterprise');
    await waitFor(() =>
      expect(
        within(enterprise).getByRole('button', { name: 'What Enterprise gives you' }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByRole('button', { name: /^Move to/ })).not.toBeInTheDocument();
    await userEvent.click(within(enterprise).getByRole('button', { name: 'What Enterprise gives you' }));
    const details = screen.getByTestId('upgrade-details-enterprise');
    expect(details).toHaveTextContent('Stability calls: Not included → 500');
    expect(details).toHaveTextContent('Monthly spend: $50.00 → Unlimited');
  });

  it('downloads the CSV export through the API client when the flag is on', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:export');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    server.use(
      http.get(api('/api/billing/usage/:userId/events/export.csv'), ({ request }) =>
        request.headers.get('authorization') === 'Bearer test-token'
          ? HttpResponse.text('event_id\ne1\n', { headers: { 'content-type': 'text/csv' } })
          : apiError(401, 'unauthorized', 'no token'),
      ),
    );
    renderWithProviders(<AppRoutes />);
    await userEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const blob = createObjectURL.mock.calls[0]?.[0];
    expect(await blob?.text()).toBe('event_id\ne1\n');
  });

  it('hides the CSV export when the flag is off', async () => {
    server.use(
      http.get(api('/api/feature-flags'), () => HttpResponse.json({ flags: { csv_export: false } })),
    );
    renderWithProviders(<AppRoutes />);
    expect(await screen.findByTestId('total-cost')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).not.toBeInTheDocument();
  });
});
