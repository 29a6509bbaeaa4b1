import { useCallback, useSyncExternalStore } from 'react';
import { breakpoints, type ChartSize } from '../theme/layout.ts';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Which of the spec's chart sizes applies at the current width. */
export function useChartSize(): ChartSize {
  const isDesktop = useMediaQuery(`(min-width: ${breakpoints.lg}px)`);
  const isTablet = useMediaQuery(`(min-width: ${breakpoints.md}px)`);
  if (isDesktop) return 'desktop';
  return isTablet ? 'tablet' : 'mobile';
}
