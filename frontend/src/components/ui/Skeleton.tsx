/* Loading placeholders (the spec's SkeletonCard and ShimmerEffect). */

export const SkeletonCard = ({ className = 'h-32' }: { className?: string }) => (
  <div
    data-testid="skeleton-card"
    aria-hidden="true"
    className={`animate-pulse rounded-lg bg-gray-200 ${className} w-full`}
  />
);

export const ShimmerEffect = ({ className = 'h-4' }: { className?: string }) => (
  <div
    data-testid="shimmer"
    aria-hidden="true"
    className={`animate-pulse rounded bg-gradient-to-r from-gray-200 via-gray-300 to-gray-200 ${className} w-full`}
  />
);

/** A labelled busy region holding placeholders, so screen readers hear "Loading …" once. */
export function LoadingRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading {label}…</span>
      {children}
    </div>
  );
}
