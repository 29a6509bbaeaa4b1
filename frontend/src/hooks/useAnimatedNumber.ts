import { useReducedMotionConfig } from 'motion/react';
import { useEffect, useRef, useState } from 'react';
import { COUNTER_DURATION_MS } from '../theme/motion.ts';

const easeOutCubic = (t: number) => 1 - (1 - t) ** 3;

/**
 * Counts from the previous value to `value`. A small requestAnimationFrame tween rather than
 * motion's `animate()`: it keeps the counter out of the first screen's bundle. With reduced motion
 * the new value shows at once.
 */
export function useAnimatedNumber(value: number, durationMs = COUNTER_DURATION_MS): number {
  const shouldReduceMotion = useReducedMotionConfig() ?? false;
  const [shown, setShown] = useState(shouldReduceMotion ? value : 0);
  const fromRef = useRef(shown);

  useEffect(() => {
    if (shouldReduceMotion) {
      fromRef.current = value;
      setShown(value);
      return;
    }
    const from = fromRef.current;
    const start = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const progress = Math.min(1, (now - start) / durationMs);
      const next = from + (value - from) * easeOutCubic(progress);
      fromRef.current = next;
      setShown(next);
      if (progress < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [value, durationMs, shouldReduceMotion]);

  return shown;
}
