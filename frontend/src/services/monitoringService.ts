import { getAPIStats } from './monitoring/apiStats.ts';
import { getCacheStats } from './monitoring/cacheStats.ts';
import { getSystemHealth } from './monitoring/health.ts';
import { getLightweightStats } from './monitoring/lightweightStats.ts';

/** The spec's monitoring service; each function lives beside its query options under `./monitoring/`. */
export const monitoringService = {
  getSystemHealth: () => getSystemHealth(),
  getAPIStats: (minutes?: number) => getAPIStats(minutes),
  getLightweightStats: () => getLightweightStats(),
  getCacheStats: () => getCacheStats(),
};
