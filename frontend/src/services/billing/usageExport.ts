import { apiPath } from '@spendscope/contracts';
import { apiBlob } from '../apiClient.ts';

/**
 * Every call of a period as CSV. Fetched through the API client rather than linked, because a plain
 * link cannot carry the Authorization header.
 */
export function getUsageExport(userId: string, period?: string): Promise<Blob> {
  return apiBlob(apiPath.eventsExport(userId), { query: { period } });
}

/** The file name a download gets. */
export function usageExportFileName(userId: string, period?: string): string {
  const safeId = userId.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `spendscope-usage-${safeId}${period ? `-${period}` : ''}.csv`;
}
