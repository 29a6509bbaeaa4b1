import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth.ts';
import { useChartSize } from '../../hooks/useMediaQuery.ts';
import { chartDimensions } from '../../theme/layout.ts';

export type ChartBox = { width: number; height: number };

type ChartFrameProps = {
  /** Describes the chart for screen readers; the data itself is in a table or list beside it. */
  label: string;
  /** Overrides the breakpoint's height (e.g. a smaller pie). */
  height?: number;
  children: (box: ChartBox) => ReactNode;
};

/**
 * Keeps a chart's layer groups out of the tab order. Recharts draws its z-index layers as portal
 * `<g>`s, React listens for focus events on every portal container, and Chromium makes an SVG element
 * with focus listeners keyboard-focusable: each chart would add several invisible Tab stops.
 */
function useUntabbableChartLayers(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const figure = ref.current;
    if (!figure) return;
    const fix = () => {
      for (const layer of figure.querySelectorAll('g[class^="recharts-zIndex-layer_"]:not([tabindex])')) {
        layer.setAttribute('tabindex', '-1');
      }
    };
    fix();
    const observer = new MutationObserver(fix);
    observer.observe(figure, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [ref]);
}

/**
 * Measures the space a chart has and hands it exact pixels: the spec's height for the current
 * breakpoint and the width of its card, so a chart never makes the page scroll sideways.
 */
export function ChartFrame({ label, height, children }: ChartFrameProps) {
  const ref = useRef<HTMLDivElement>(null);
  const size = chartDimensions[useChartSize()];
  const width = useElementWidth(ref);
  useUntabbableChartLayers(ref);
  const box = { width, height: height ?? size.height };
  return (
    <figure aria-label={label} ref={ref} className="w-full min-w-0" style={{ height: box.height }}>
      {width > 0 ? children(box) : null}
    </figure>
  );
}
