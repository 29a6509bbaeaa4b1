import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { prepareProviderSlices } from '../../charts/prepareProviderSlices.ts';
import { ProviderCostRow } from '../../components/billing/ProviderCostRow.tsx';
import { makeBreakdown } from '../../test/fixtures.ts';

const [openai] = prepareProviderSlices(makeBreakdown(), 21.95);
if (!openai) throw new Error('the fixture has OpenAI spend');

/** What a sighted person reads on the row: its text without the parts only screen readers get. */
function visibleText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('ProviderCostRow', () => {
  it('shows the provider, its share of spend and its cost', () => {
    render(<ProviderCostRow slice={openai} testId="row" />);
    expect(visibleText(screen.getByTestId('row'))).toBe('OpenAI 56.9% of spend $12.50');
  });

  it('is named by its visible text, then "Open details", and opens the provider', async () => {
    const onOpen = vi.fn();
    render(<ProviderCostRow slice={openai} onOpen={onOpen} details="$0.00521 / 1K tokens" />);
    const button = screen.getByRole('button');
    expect(visibleText(button)).toBe('OpenAI 56.9% of spend $12.50 $0.00521 / 1K tokens');
    expect(button).toHaveAccessibleName(`${visibleText(button)} Open details`);
    await userEvent.click(button);
    expect(onOpen).toHaveBeenCalledWith('openai');
  });

  it('is no button without a handler, and takes focus only when asked to', () => {
    const { rerender } = render(<ProviderCostRow slice={openai} testId="row" />);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByTestId('row')).not.toHaveAttribute('tabindex');
    expect(screen.getByTestId('row')).not.toHaveTextContent('Open details');
    rerender(<ProviderCostRow slice={openai} testId="row" isFocusable describedBy="tip" />);
    expect(screen.getByTestId('row')).toHaveAttribute('tabindex', '0');
    expect(screen.getByTestId('row')).toHaveAttribute('aria-describedby', 'tip');
  });
});
