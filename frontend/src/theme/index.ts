export { axisTick, chartTheme } from './chartTheme.ts';
export { breakpoints, type ChartSize, chartDimensions, gridClasses, responsiveGrid } from './layout.ts';
export { COUNTER_DURATION_MS, cardVariants, numberVariants, pageVariants } from './motion.ts';
export { type ColorRole, colors, neutrals, providerColors } from './palette.ts';
export { healthStatusStyles, severityStyles, usageStatusStyles } from './status.ts';
export { typography } from './typography.ts';
