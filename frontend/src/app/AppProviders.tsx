import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { domMin, LazyMotion, MotionConfig } from 'motion/react';
import type { ReactNode } from 'react';

/**
 * Data and motion for the whole app. `LazyMotion` with the small `m` components and the `domMin`
 * features (variants, keyframes, exit) keeps the motion runtime to what we use; `strict` stops a
 * full `motion.div` from sneaking the rest back in. `reducedMotion="user"` honours the OS setting.
 */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <MotionConfig reducedMotion="user">
        <LazyMotion features={domMin} strict>
          {children}
        </LazyMotion>
      </MotionConfig>
    </QueryClientProvider>
  );
}
