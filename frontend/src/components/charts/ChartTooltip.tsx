import type { ReactNode } from 'react';
import { chartTheme } from '../../theme/chartTheme.ts';

/** The look of every chart tooltip (the spec's dark, rounded box). */
export function ChartTooltipBox({ children }: { children: ReactNode }) {
  const { backgroundColor, border, borderRadius, color } = chartTheme.tooltip;
  return (
    <div className="px-3 py-2 text-xs shadow-lg" style={{ backgroundColor, border, borderRadius, color }}>
      {children}
    </div>
  );
}
