/** The spec's breakpoints in pixels (Tailwind's defaults, which the classes below rely on). */
export const breakpoints = {
  sm: 640,
  md: 768,
  lg: 1024,
  xl: 1280,
  '2xl': 1536,
} as const;

/** The spec's responsive grid: 1 column on phones, 2 on tablets, 3 on desktops. */
export const gridClasses = {
  mobile: 'grid-cols-1 gap-4',
  tablet: 'md:grid-cols-2 md:gap-6',
  desktop: 'lg:grid-cols-3 lg:gap-8',
} as const;

/** The three grid steps joined, for a `className`. */
export const responsiveGrid = `grid ${gridClasses.mobile} ${gridClasses.tablet} ${gridClasses.desktop}`;

/**
 * The spec's chart sizes per breakpoint. Widths are the most a chart grows to; a chart never gets
 * wider than its card, so phones never scroll sideways.
 */
export const chartDimensions = {
  mobile: { width: 300, height: 200 },
  tablet: { width: 500, height: 300 },
  desktop: { width: 800, height: 400 },
} as const;

export type ChartSize = keyof typeof chartDimensions;
