import { useQuery } from '@tanstack/react-query';
import { featureFlagsQueryOptions } from '../services/session/featureFlags.ts';

/** Whether the server turned `flag` on; `undefined` while the flags are loading. */
export function useFeatureFlagState(flag: string): boolean | undefined {
  const { data, isError } = useQuery(featureFlagsQueryOptions());
  if (isError) return false;
  return data === undefined ? undefined : (data.flags[flag] ?? false);
}

/** Whether the server turned `flag` on; off while loading, on failure, and for unknown flags. */
export function useFeatureFlag(flag: string): boolean {
  return useFeatureFlagState(flag) ?? false;
}
