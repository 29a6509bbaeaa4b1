import { colors, neutrals } from './palette.ts';

/** The spec's Recharts theme. */
export const chartTheme = {
  colors: [colors.primary[500], colors.success[500], colors.warning[500], colors.danger[500], '#8b5cf6'],
  grid: {
    stroke: neutrals.grid,
    strokeWidth: 1,
    strokeDasharray: '3 3',
  },
  axis: {
    stroke: neutrals.axis,
    fontSize: 12,
    fontWeight: 500,
  },
  tooltip: {
    backgroundColor: 'rgba(0, 0, 0, 0.8)',
    border: 'none',
    borderRadius: 8,
    color: 'white',
  },
} as const;

/** Axis tick props built from the theme, shared by every cartesian chart. */
export const axisTick = {
  fill: chartTheme.axis.stroke,
  fontSize: chartTheme.axis.fontSize,
  fontWeight: chartTheme.axis.fontWeight,
} as const;
