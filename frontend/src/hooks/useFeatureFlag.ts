import { useQuery } from '@tanstack/react-query';
import { featureFlagsQueryOptions } from '../services/session/featureFlags.ts';

/** Whether the server turned `flag` on; off while loading, on failure, and for unknown flags. */
export function useFeatureFlag(flag: string): boolean {
  const { data } = useQuery(featureFlagsQueryOptions());
  return data?.flags[flag] ?? false;
}
