/** Flags the dashboard reads; on unless configuration turns them off. */
export const DEFAULT_FEATURE_FLAGS: Record<string, boolean> = {
  csv_export: true,
  provider_drilldown: true,
  live_updates: true,
  spend_projection: true,
};

/** Defaults overridden by FEATURE_FLAGS, e.g. `csv_export=off,live_updates=on`. */
export function featureFlags(overrides: string): Record<string, boolean> {
  const flags = { ...DEFAULT_FEATURE_FLAGS };
  for (const pair of overrides.split(',')) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    if (!name || value === undefined) continue;
    flags[name] = ['on', 'true', '1'].includes(value.toLowerCase());
  }
  return flags;
}
