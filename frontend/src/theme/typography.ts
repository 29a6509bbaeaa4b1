/** The spec's typography scale, as Tailwind classes. */
export const typography = {
  heading: 'text-2xl font-bold text-gray-900',
  subheading: 'text-lg font-semibold text-gray-800',
  body: 'text-base text-gray-700',
  caption: 'text-sm text-gray-500',
  // The spec's `text-blue-600`, expressed through the palette so the hue has one definition.
  metric: 'text-3xl font-bold text-primary-600',
} as const;
