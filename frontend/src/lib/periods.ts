/** `period` and the `count - 1` months before it, newest first (`2026-01` → `2025-12`, …). */
export function recentPeriods(period: string, count: number): string[] {
  const [year = 1970, month = 1] = period.split('-').map(Number);
  const periods: string[] = [];
  for (let back = 0; back < count; back++) {
    const index = year * 12 + (month - 1) - back;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    periods.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return periods;
}
