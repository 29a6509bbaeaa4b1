import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type Viewer, ViewerContext } from '../../components/session/viewer.ts';
import PricingPage from '../../pages/PricingPage.tsx';
import { makeMe, makePricing } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, server } from '../../test/server.ts';

/** A catalog the size of the real one: 2,000 OpenAI models and one Anthropic model with every rate. */
const CATALOG = [
  ...Array.from({ length: 2000 }, (_, i) =>
    makePricing({ id: i + 1, model_name: `model-${String(i).padStart(4, '0')}` }),
  ),
  makePricing({
    id: 5000,
    provider: 'anthropic',
    model_name: 'claude-sonnet-4-5',
    cost_per_input_token: 0.000003,
    cost_per_cached_token: 0.0000003,
    cost_per_cache_write_token: 0.00000375,
    cost_per_cache_write_1h_token: 0.000006,
    cost_per_output_token: 0.000015,
    cost_per_search: 0.01,
    tiers: [
      { above_input_tokens: 200_000, cost_per_input_token: 0.000006, cost_per_output_token: 0.0000225 },
    ],
    effective_from: '1970-01-01T00:00:00.000Z',
    source: 'genai-prices@0.1.8',
  }),
];

function renderPage(role: 'user' | 'admin' = 'user') {
  server.use(http.get(api('/api/billing/pricing'), () => HttpResponse.json({ pricing: CATALOG })));
  const me = makeMe({ role });
  const viewer: Viewer = { me, userId: me.user_id, isAdmin: role === 'admin', isViewingOther: false };
  return renderWithProviders(
    <ViewerContext.Provider value={viewer}>
      <PricingPage />
    </ViewerContext.Provider>,
    { route: '/billing/pricing' },
  );
}

const rowsShown = () => within(screen.getByTestId('pricing-table')).getAllByRole('row').length - 1;

describe('PricingPage', { timeout: 20_000 }, () => {
  it('shows a large catalog a page at a time', async () => {
    renderPage();
    expect(await screen.findByTestId('pricing-table')).toBeInTheDocument();
    expect(rowsShown()).toBe(50);
    expect(screen.getByText('Page 1 of 41 · 2,001 prices')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('model-0050')).toBeInTheDocument();
  });

  it('finds a model by name and shows every rate, its tiers, since when and where it came from', async () => {
    renderPage();
    await screen.findByTestId('pricing-table');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Model' }), 'sonnet-4-5');
    expect(rowsShown()).toBe(1);
    const row = screen.getByTestId('price-5000');
    for (const text of [
      '$3.00',
      '$0.30',
      '$3.75',
      '$6.00',
      '$15.00',
      '$0.01 / search',
      'above 200,000 input',
      'always',
      'genai-prices 0.1.8',
    ]) {
      expect(row).toHaveTextContent(text);
    }
  });

  it('filters by provider', async () => {
    renderPage();
    await screen.findByTestId('pricing-table');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Provider' }), 'anthropic');
    expect(rowsShown()).toBe(1);
  });

  it('offers admins to check a period and re-price the calls it finds', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(api('/api/billing/pricing/reprice'), async ({ request }) => {
        const body = (await request.json()) as { period: string; dry_run?: boolean };
        bodies.push(body);
        return HttpResponse.json({
          period: body.period,
          dry_run: body.dry_run === true,
          users: 1,
          lines: [
            {
              user_id: 'alice',
              provider: 'openai',
              changed_events: 3,
              newly_priced: 3,
              newly_unpriced: 0,
              cost_before: 0,
              cost_after: 0.009,
            },
          ],
        });
      }),
    );
    renderPage('admin');
    await userEvent.click(await screen.findByRole('button', { name: 'Check for calls to re-price' }));
    expect(await screen.findByText(/Would change: 3 unpriced calls priced/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Re-price 3 calls' }));
    expect(await screen.findByText(/Changed: 3 unpriced calls priced/)).toBeInTheDocument();
    expect(bodies).toEqual([
      expect.objectContaining({ dry_run: true }),
      expect.not.objectContaining({ dry_run: true }),
    ]);
  });

  it('does not offer re-pricing to users', async () => {
    renderPage('user');
    await screen.findByTestId('pricing-table');
    expect(screen.queryByRole('button', { name: 'Check for calls to re-price' })).not.toBeInTheDocument();
  });
});
