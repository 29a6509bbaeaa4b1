import type { ReactNode } from 'react';
import type { ProviderSlice } from '../../charts/prepareProviderSlices.ts';
import { formatCurrency, formatPercent } from '../../lib/format.ts';

type ProviderCostRowProps = {
  slice: ProviderSlice;
  /** Opens the provider's details; without it the row is not a button. */
  onOpen?: ((provider: string) => void) | undefined;
  /** A line under the figures, e.g. the unit costs. */
  details?: ReactNode;
  isHighlighted?: boolean;
  /** Lets a row without `onOpen` take focus, so keyboard users reach what it describes (a tooltip). */
  isFocusable?: boolean;
  describedBy?: string | undefined;
  testId?: string | undefined;
};

/**
 * One provider's share of the period's spend: colour, name, share and cost, as a button that opens the
 * provider's details when `onOpen` is given. The name of the button is its visible text (plus "Open
 * details" for screen readers), so what a person sees is what they can say to a voice control.
 */
export function ProviderCostRow({
  slice,
  onOpen,
  details,
  isHighlighted = false,
  isFocusable = false,
  describedBy,
  testId,
}: ProviderCostRowProps) {
  // The spaces between the parts are text, so that the accessible name reads word by word.
  const content = (
    <>
      <span
        className="size-3 shrink-0 rounded-sm"
        style={{ backgroundColor: slice.color }}
        aria-hidden="true"
      />
      <span className="min-w-0 flex-1 break-words font-medium text-gray-800">{slice.label}</span>{' '}
      <span className="tabular-nums text-gray-600">
        {formatPercent(slice.percentage)} <span className="text-xs text-gray-500">of spend</span>
      </span>{' '}
      <span className="w-20 text-right font-semibold tabular-nums text-gray-900">
        {formatCurrency(slice.cost)}
      </span>
      {details ? (
        <>
          {' '}
          <span className="w-full pl-6 text-xs text-gray-500">{details}</span>
        </>
      ) : null}
      {onOpen ? (
        <>
          {' '}
          <span className="sr-only">Open details</span>
        </>
      ) : null}
    </>
  );
  const rowClass = `flex w-full flex-wrap items-center gap-x-3 gap-y-0.5 rounded-lg px-3 py-2 text-left text-sm ring-1 ${
    isHighlighted ? 'bg-gray-50 ring-gray-200' : 'ring-transparent'
  }`;
  const focusClass = 'hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500';

  if (onOpen) {
    return (
      <button
        type="button"
        onClick={() => onOpen(slice.provider)}
        aria-describedby={describedBy}
        data-testid={testId}
        className={`${rowClass} ${focusClass}`}
      >
        {content}
      </button>
    );
  }
  if (isFocusable) {
    return (
      <div
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focus is how keyboard users open the tooltip
        tabIndex={0}
        aria-describedby={describedBy}
        data-testid={testId}
        className={`${rowClass} ${focusClass}`}
      >
        {content}
      </div>
    );
  }
  return (
    <div aria-describedby={describedBy} data-testid={testId} className={rowClass}>
      {content}
    </div>
  );
}
