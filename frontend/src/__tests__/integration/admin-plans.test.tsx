import type { SubscriptionPlan } from '@spendscope/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { makeMe, makePlans } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, server } from '../../test/server.ts';

const PAGE_LOAD = { timeout: 10_000 };

function plansServer() {
  const plans = makePlans();
  const sent: { planId: string; body: unknown }[] = [];
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
    http.get(api('/api/billing/plans'), () => HttpResponse.json({ plans })),
    http.patch(api('/api/admin/plans/:planId'), async ({ request, params }) => {
      const body = (await request.json()) as Partial<SubscriptionPlan>;
      sent.push({ planId: String(params.planId), body });
      const index = plans.findIndex((p) => p.id === params.planId);
      const old = plans[index] as SubscriptionPlan;
      const updated = { ...old, ...body, limits: { ...old.limits, ...body.limits } };
      plans[index] = updated;
      return HttpResponse.json({ plan: updated });
    }),
  );
  return sent;
}

const form = (id: string) => screen.getByTestId(`plan-form-${id}`);

describe('plan settings page', { timeout: 20_000 }, () => {
  it('sends only what changed and shows the saved plan', async () => {
    const sent = plansServer();
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/plans' });
    await screen.findByTestId('plan-form-pro', {}, PAGE_LOAD);
    const pro = within(form('pro'));
    const openaiCalls = pro.getByLabelText('OpenAI calls');
    await user.clear(openaiCalls);
    await user.type(openaiCalls, '2500');
    const monthly = pro.getByLabelText('Monthly price ($)');
    await user.clear(monthly);
    await user.type(monthly, '59.5');
    await user.click(pro.getByRole('button', { name: 'Save Pro' }));
    expect(await pro.findByText(/Saved\. Users on Pro see the new terms now\./)).toBeInTheDocument();
    expect(sent).toEqual([{ planId: 'pro', body: { price_monthly: 59.5, limits: { openai_calls: 2500 } } }]);
    expect(pro.getByLabelText('OpenAI calls')).toHaveValue('2500');
  });

  it('explains each invalid value beside its field and sends nothing', async () => {
    const sent = plansServer();
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/plans' });
    await screen.findByTestId('plan-form-free', {}, PAGE_LOAD);
    const free = within(form('free'));
    const cases: [string, string, RegExp][] = [
      ['Gemini calls', '1.5', /whole number/],
      ['Mistral calls', '-3', /-1 \(unlimited\)/],
      ['Monthly spend cap ($)', '0.001', /whole cents/],
      ['Yearly price ($)', 'lots', /Enter a number/],
      ['Tavily calls', '', /Enter a number/],
    ];
    for (const [label, value] of cases) {
      await user.clear(free.getByLabelText(label));
      if (value) await user.type(free.getByLabelText(label), value);
    }
    await user.click(free.getByRole('button', { name: 'Save Free' }));
    for (const [label, , message] of cases) {
      const field = free.getByLabelText(label);
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field).toHaveAccessibleDescription(message);
    }
    expect(free.getByText('Some values need fixing before the plan can be saved.')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('says when nothing changed', async () => {
    const sent = plansServer();
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/plans' });
    await screen.findByTestId('plan-form-enterprise', {}, PAGE_LOAD);
    await user.click(within(form('enterprise')).getByRole('button', { name: 'Save Enterprise' }));
    await waitFor(() => expect(within(form('enterprise')).getByText('Nothing changed.')).toBeInTheDocument());
    expect(sent).toEqual([]);
  });

  it('is for admins only', async () => {
    renderWithProviders(<AppRoutes />, { route: '/admin/plans' });
    expect(await screen.findByRole('alert', {}, PAGE_LOAD)).toHaveTextContent('Only administrators');
  });
});
