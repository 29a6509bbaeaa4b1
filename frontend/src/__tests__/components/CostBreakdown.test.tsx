import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CostBreakdown } from '../../components/billing/CostBreakdown.tsx';
import { makeBreakdown } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { providerColors } from '../../theme/palette.ts';

const breakdown = makeBreakdown();
const TOTAL = 21.95;

function sliceOf(provider: string): Element {
  const slice = document.querySelector(`[data-testid="pie-slice-${provider}"]`);
  if (!slice) throw new Error(`no pie slice for ${provider}`);
  return slice;
}

describe('CostBreakdown', { timeout: 15_000 }, () => {
  it('draws one slice per provider with spend, in that provider’s colour', () => {
    renderWithProviders(<CostBreakdown providerBreakdown={breakdown} totalCost={TOTAL} />);
    const slices = document.querySelectorAll('[data-testid^="pie-slice-"]');
    expect([...slices].map((s) => s.getAttribute('data-testid'))).toEqual([
      'pie-slice-openai',
      'pie-slice-anthropic',
      'pie-slice-tavily',
    ]);
    expect(sliceOf('openai')).toHaveAttribute('fill', providerColors.openai);
    expect(sliceOf('tavily')).toHaveAttribute('fill', providerColors.tavily);
  });

  it('lists every provider with its share and cost per token or per call', () => {
    renderWithProviders(<CostBreakdown providerBreakdown={breakdown} totalCost={TOTAL} />);
    const openai = screen.getByTestId('breakdown-openai');
    expect(openai).toHaveTextContent('56.9%');
    expect(openai).toHaveTextContent('$12.50');
    expect(openai).toHaveTextContent('$0.00521 / 1K tokens');
    const tavily = screen.getByTestId('breakdown-tavily');
    expect(tavily).toHaveTextContent('$0.008 / call');
    expect(tavily).not.toHaveTextContent('1K tokens');
  });

  it('drills down when a slice is clicked', () => {
    const onProviderClick = vi.fn();
    renderWithProviders(
      <CostBreakdown providerBreakdown={breakdown} totalCost={TOTAL} onProviderClick={onProviderClick} />,
    );
    fireEvent.click(sliceOf('anthropic'));
    expect(onProviderClick).toHaveBeenCalledWith('anthropic');
  });

  it('reaches every slice from the keyboard through the list', async () => {
    const onProviderClick = vi.fn();
    renderWithProviders(
      <CostBreakdown providerBreakdown={breakdown} totalCost={TOTAL} onProviderClick={onProviderClick} />,
    );
    const tavily = screen.getByRole('button', { name: /^Tavily 5\.5% of spend \$1\.20/ });
    tavily.focus();
    await userEvent.keyboard('{Enter}');
    expect(onProviderClick).toHaveBeenCalledWith('tavily');
  });

  it('highlights the hovered provider’s slice and dims the others', async () => {
    renderWithProviders(<CostBreakdown providerBreakdown={breakdown} totalCost={TOTAL} />);
    await userEvent.hover(screen.getByTestId('breakdown-anthropic'));
    expect(sliceOf('anthropic')).toHaveAttribute('fill-opacity', '1');
    expect(sliceOf('openai')).toHaveAttribute('fill-opacity', '0.35');
    await userEvent.unhover(screen.getByTestId('breakdown-anthropic'));
    expect(sliceOf('openai')).toHaveAttribute('fill-opacity', '1');
  });

  it('says so when there is nothing to break down', () => {
    const empty = makeBreakdown({
      openai: { calls: 0, tokens: 0, cost: 0 },
      anthropic: { calls: 0, tokens: 0, cost: 0 },
      tavily: { calls: 0, tokens: 0, cost: 0 },
    });
    renderWithProviders(<CostBreakdown providerBreakdown={empty} totalCost={0} />);
    expect(screen.getByText('No spend to break down yet this period.')).toBeInTheDocument();
  });
});
