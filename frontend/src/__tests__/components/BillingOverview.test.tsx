import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { BillingOverview } from '../../components/billing/BillingOverview.tsx';
import { applyUsageUpdate } from '../../services/billing/cacheUpdates.ts';
import {
  makeBreakdown,
  makeDashboard,
  makeSubscriptionLimits,
  makeUsageStats,
  USER_ID,
} from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, apiError, server } from '../../test/server.ts';

function serveDashboard(stats = makeUsageStats()) {
  server.use(
    http.get(api('/api/billing/dashboard/:userId'), () =>
      HttpResponse.json(makeDashboard({ current_usage: stats })),
    ),
  );
}

describe('BillingOverview', () => {
  it('shows skeleton cards while the dashboard loads, then the numbers', async () => {
    server.use(
      http.get(api('/api/billing/dashboard/:userId'), async () => {
        await delay(50);
        return HttpResponse.json(makeDashboard());
      }),
    );
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    expect(screen.getAllByTestId('skeleton-card')).toHaveLength(6);
    expect(screen.getByRole('status', { name: '' })).toHaveAttribute('aria-busy', 'true');
    expect(await screen.findByTestId('total-cost')).toHaveTextContent('$21.95');
    expect(screen.queryByTestId('skeleton-card')).not.toBeInTheDocument();
  });

  it('shows the headline numbers of the current period', async () => {
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    expect(await screen.findByTestId('total-cost')).toHaveTextContent('$21.95');
    expect(screen.getByTestId('total-cost')).toHaveAttribute('data-value', '21.95');
    expect(screen.getByTestId('total-calls')).toHaveTextContent('1,650');
    expect(screen.getByTestId('total-tokens')).toHaveTextContent('3.3M');
    expect(screen.getByTestId('projected-cost')).toHaveTextContent('$45.37');
    expect(screen.getByText('91% of the $50.00 cap')).toBeInTheDocument();
    // Spend against the cap reads the plan's limits and the `cost` percentage of the reply.
    expect(screen.getByText('44% of the $50.00 monthly cap')).toBeInTheDocument();
    expect(screen.getByTestId('usage-status')).toHaveTextContent('Within limits');
  });

  it('colours each limit bar by how close it is to its cap', async () => {
    const breakdown = makeBreakdown({ anthropic: { calls: 360, tokens: 900_000, cost: 8.25 } });
    serveDashboard(
      makeUsageStats({
        provider_breakdown: breakdown,
        limits: makeSubscriptionLimits({ monthly_cost: 20 }),
        usage_status: 'limit_reached',
      }),
    );
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    const cost = await screen.findByTestId('limit-monthly_cost');
    expect(cost).toHaveAttribute('data-status', 'limit_reached');
    expect(screen.getByTestId('limit-anthropic_calls')).toHaveAttribute('data-status', 'warning');
    expect(screen.getByTestId('limit-openai_calls')).toHaveAttribute('data-status', 'active');
    const bar = within(screen.getByTestId('limit-anthropic_calls')).getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '90');
    expect(bar.firstElementChild).toHaveClass('bg-warning-500');
    expect(within(cost).getByRole('progressbar').firstElementChild).toHaveClass('bg-danger-500');
    expect(screen.getByText(/Not included in this plan: Stability/)).toBeInTheDocument();
  });

  it('breaks the cost down by provider with a tooltip of unit costs', async () => {
    const onProviderClick = vi.fn();
    renderWithProviders(<BillingOverview userId={USER_ID} onProviderClick={onProviderClick} />);
    const openai = await screen.findByTestId('provider-row-openai');
    expect(openai).toHaveTextContent('OpenAI');
    expect(openai).toHaveTextContent('$12.50');
    const tooltip = document.getElementById(openai.getAttribute('aria-describedby') ?? '');
    expect(tooltip).toHaveRole('tooltip');
    expect(tooltip).toHaveTextContent('$0.00521 per 1K tokens');
    expect(screen.getByTestId('provider-row-tavily')).toBeInTheDocument();
    expect(screen.queryByTestId('provider-row-gemini')).not.toBeInTheDocument();
    await userEvent.click(openai);
    expect(onProviderClick).toHaveBeenCalledWith('openai');
  });

  it('offers upgrade and details actions only when given handlers', async () => {
    const onUpgrade = vi.fn();
    const onViewDetails = vi.fn();
    const { unmount } = renderWithProviders(
      <BillingOverview userId={USER_ID} onUpgrade={onUpgrade} onViewDetails={onViewDetails} />,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade plan' }));
    await userEvent.click(screen.getByRole('button', { name: 'View details' }));
    expect(onUpgrade).toHaveBeenCalledOnce();
    expect(onViewDetails).toHaveBeenCalledOnce();
    unmount();

    renderWithProviders(<BillingOverview userId={USER_ID} />);
    await screen.findByTestId('total-cost');
    expect(screen.queryByRole('button', { name: 'Upgrade plan' })).not.toBeInTheDocument();
  });

  it('shows an error with a retry when the API fails, and recovers on retry', async () => {
    let calls = 0;
    server.use(
      http.get(api('/api/billing/dashboard/:userId'), () => {
        calls += 1;
        return calls === 1
          ? apiError(503, 'unavailable', 'Database is restarting')
          : HttpResponse.json(makeDashboard());
      }),
    );
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Database is restarting');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('total-cost')).toHaveTextContent('$21.95');
    expect(calls).toBe(2);
  });

  it('shows a reply in the wrong shape as an error instead of crashing', async () => {
    const broken = makeDashboard() as unknown as { current_usage: Record<string, unknown> };
    broken.current_usage.total_calls = -5;
    server.use(http.get(api('/api/billing/dashboard/:userId'), () => HttpResponse.json(broken)));
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Unexpected reply from the server');
    expect(alert).toHaveTextContent('current_usage.total_calls');
  });

  it('warns when calls used a model without a price', async () => {
    serveDashboard(makeUsageStats({ unpriced_calls: 12 }));
    renderWithProviders(<BillingOverview userId={USER_ID} />);
    expect(await screen.findByRole('note')).toHaveTextContent('12 calls used a model without a price');
  });

  it('updates its numbers when new usage reaches the query cache', async () => {
    const { queryClient } = renderWithProviders(<BillingOverview userId={USER_ID} />);
    expect(await screen.findByTestId('total-calls')).toHaveTextContent('1,650');
    const next = makeUsageStats({
      provider_breakdown: makeBreakdown({ tavily: { calls: 500, tokens: 0, cost: 4 } }),
    });
    applyUsageUpdate(queryClient, USER_ID, next);
    await waitFor(() => expect(screen.getByTestId('total-calls')).toHaveTextContent('2,000'));
    expect(screen.getByTestId('total-cost')).toHaveTextContent('$24.75');
  });
});
