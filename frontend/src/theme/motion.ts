import type { Variants } from 'motion/react';

/** Page transitions (the spec's values). */
export const pageVariants: Variants = {
  initial: { opacity: 0, y: 20 },
  animate: { opacity: 1, y: 0 },
  exit: { opacity: 0, y: -20 },
};

/** Card hover effect (the spec's values). */
export const cardVariants: Variants = {
  rest: { scale: 1, boxShadow: '0 4px 6px rgba(0,0,0,0.1)' },
  hover: {
    scale: 1.02,
    boxShadow: '0 8px 25px rgba(0,0,0,0.15)',
    transition: { duration: 0.2 },
  },
};

/** A short pulse when a number changes (the spec's values). */
export const numberVariants: Variants = {
  animate: {
    scale: [1, 1.1, 1],
    transition: { duration: 0.3 },
  },
};

/** How long an animated counter takes to reach a new value. */
export const COUNTER_DURATION_MS = 600;
