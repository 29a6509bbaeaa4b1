import type { Provider } from '@spendscope/contracts';

/**
 * The spec's palette (50 / 500 / 900 of each role), extended with the 100, 600 and 700 steps that
 * text and borders need to stay readable: 500 on white fails WCAG contrast for body text.
 * Tailwind reads this object too (tailwind.config.ts), so `bg-primary-500` and a chart's
 * `colors.primary[500]` are one definition.
 */
export const colors = {
  primary: {
    50: '#eff6ff',
    100: '#dbeafe',
    500: '#3b82f6',
    600: '#2563eb',
    700: '#1d4ed8',
    900: '#1e3a8a',
  },
  success: {
    50: '#f0fdf4',
    100: '#dcfce7',
    500: '#22c55e',
    600: '#16a34a',
    700: '#15803d',
    900: '#14532d',
  },
  warning: {
    50: '#fffbeb',
    100: '#fef3c7',
    500: '#f59e0b',
    600: '#d97706',
    700: '#b45309',
    900: '#78350f',
  },
  danger: {
    50: '#fef2f2',
    100: '#fee2e2',
    500: '#ef4444',
    600: '#dc2626',
    700: '#b91c1c',
    900: '#7f1d1d',
  },
} as const;

export type ColorRole = keyof typeof colors;

/**
 * One colour per provider, used by every chart, legend and bar. The first five are the spec's
 * chart colours in provider order; the remaining four extend the set so no two providers share one.
 */
export const providerColors: Record<Provider, string> = {
  gemini: '#3b82f6',
  openai: '#22c55e',
  anthropic: '#f59e0b',
  mistral: '#ef4444',
  tavily: '#8b5cf6',
  serper: '#06b6d4',
  metaphor: '#ec4899',
  firecrawl: '#84cc16',
  stability: '#64748b',
};

/** Neutral tones for chart chrome (grid, axes, the total line, projections). */
export const neutrals = {
  grid: '#e5e7eb',
  axis: '#6b7280',
  total: '#111827',
  projection: '#9ca3af',
  track: '#e5e7eb',
  surface: '#ffffff',
} as const;
