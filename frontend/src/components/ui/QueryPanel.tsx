import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorPanel } from './ErrorPanel.tsx';
import { LoadingRegion, SkeletonCard } from './Skeleton.tsx';

type QueryPanelProps<T> = {
  query: UseQueryResult<T>;
  /** What is loading, for the busy message and the error ("usage", "plans"). */
  what: string;
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
};

/**
 * Loading, error and data for one query, the same way everywhere. A failed background refresh
 * keeps showing the last good data: stale numbers with a retry beat an empty card.
 */
export function QueryPanel<T>({ query, what, skeleton, children }: QueryPanelProps<T>) {
  if (query.isPending) {
    return <LoadingRegion label={what}>{skeleton ?? <SkeletonCard />}</LoadingRegion>;
  }
  if (query.isError && query.data === undefined) {
    return <ErrorPanel error={query.error} what={what} onRetry={() => void query.refetch()} />;
  }
  return <>{query.data === undefined ? null : children(query.data)}</>;
}
