import type { TrendSeries } from '../../charts/prepareTrendSeries.ts';
import { neutrals } from '../../theme/palette.ts';

/** The chart's key: the total, each provider's line in its colour, and the projection when drawn. */
export function TrendLegend({ series }: { series: TrendSeries }) {
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-600" aria-label="Legend">
      <li className="flex items-center gap-1.5">
        <span className="h-0.5 w-4" style={{ backgroundColor: neutrals.total }} aria-hidden="true" /> Total
      </li>
      {series.lines.map((line) => (
        <li key={line.provider} className="flex items-center gap-1.5">
          <span className="h-0.5 w-4" style={{ backgroundColor: line.color }} aria-hidden="true" />{' '}
          {line.label}
        </li>
      ))}
      {series.projection ? (
        <li className="flex items-center gap-1.5">
          <span className="w-4 border-t-2 border-dashed border-gray-400" aria-hidden="true" /> Projected
        </li>
      ) : null}
    </ul>
  );
}
