import { type FeatureFlags, featureFlagsSchema, ROUTES } from '@spendscope/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Flags the server turns on for this deployment (GET /api/feature-flags). */
export function getFeatureFlags(signal?: AbortSignal): Promise<FeatureFlags> {
  return apiRequest(ROUTES.featureFlags, featureFlagsSchema, { signal });
}

export const featureFlagsQueryOptions = () =>
  queryOptions({
    queryKey: [...queryScopes.session, 'feature-flags'] as const,
    queryFn: ({ signal }) => getFeatureFlags(signal),
    staleTime: 10 * 60_000,
  });

/** Flags this app reads. Anything the server does not name is off. */
export const FEATURE_FLAGS = {
  /** The "Export CSV" button on the overview and drill-down. */
  csvExport: 'csv_export',
  /** Clicking a provider (pie slice, breakdown row) opens its models and daily series. */
  providerDrilldown: 'provider_drilldown',
} as const;
