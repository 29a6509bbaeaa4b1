import type { ModelUsage, ProviderDetails } from '@spendscope/contracts';
import { formatDay } from '../lib/format.ts';

export type DailyRow = { date: string; label: string; cost: number; calls: number; tokens: number };

/** The drill-down's daily series as chart rows (the server already zero-fills days without calls). */
export function prepareDailySeries(details: ProviderDetails): DailyRow[] {
  return details.daily.map((day) => ({ ...day, label: formatDay(day.date) }));
}

/** Models by spend, then by calls, so the table opens on what costs the most. */
export function prepareModelRows(details: ProviderDetails): ModelUsage[] {
  return [...details.models].sort((a, b) => b.cost - a.cost || b.calls - a.calls);
}
