import { m } from 'motion/react';
import { useAnimatedNumber } from '../../hooks/useAnimatedNumber.ts';
import { numberVariants } from '../../theme/motion.ts';

type AnimatedNumberProps = {
  value: number;
  format: (value: number) => string;
  className?: string;
  /** For tests: the element carries the exact value in `data-value`. */
  testId?: string;
};

/**
 * A number that counts to each new value and pulses once when it changes. The counting text is
 * hidden from screen readers; they get the final value only, from a polite live region.
 */
export function AnimatedNumber({ value, format, className, testId }: AnimatedNumberProps) {
  const shown = useAnimatedNumber(value);
  return (
    <span aria-live="polite" aria-atomic="true">
      <m.span
        key={value}
        variants={numberVariants}
        animate="animate"
        aria-hidden="true"
        data-testid={testId}
        data-value={value}
        className={`inline-block tabular-nums ${className ?? ''}`}
      >
        {format(shown)}
      </m.span>
      <span className="sr-only">{format(value)}</span>
    </span>
  );
}
