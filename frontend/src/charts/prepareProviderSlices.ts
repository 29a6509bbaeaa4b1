import { PROVIDER_LABELS, PROVIDERS, type Provider, type ProviderBreakdown } from '@spendscope/contracts';
import { providerColors } from '../theme/palette.ts';

export type ProviderSlice = {
  provider: Provider;
  label: string;
  color: string;
  cost: number;
  calls: number;
  tokens: number;
  /** Share of `totalCost`, 0–100. */
  percentage: number;
  /** Dollars per 1,000 tokens; null for providers that used no tokens (search, crawl, images). */
  costPer1kTokens: number | null;
  /** Dollars per call; null without calls. */
  costPerCall: number | null;
};

/**
 * The providers this user actually used (calls or cost), most expensive first, each with its share
 * of the total and its unit costs. Providers with no use are left out rather than drawn as zeros.
 */
export function prepareProviderSlices(breakdown: ProviderBreakdown, totalCost: number): ProviderSlice[] {
  return PROVIDERS.filter((provider) => breakdown[provider].calls > 0 || breakdown[provider].cost > 0)
    .map((provider) => {
      const { calls, tokens, cost } = breakdown[provider];
      return {
        provider,
        label: PROVIDER_LABELS[provider],
        color: providerColors[provider],
        cost,
        calls,
        tokens,
        percentage: totalCost > 0 ? (cost / totalCost) * 100 : 0,
        costPer1kTokens: tokens > 0 ? (cost / tokens) * 1000 : null,
        costPerCall: calls > 0 ? cost / calls : null,
      };
    })
    .sort((a, b) => b.cost - a.cost || b.calls - a.calls);
}

/** Only slices with spend can be drawn in a pie (a zero-degree slice cannot be hovered or clicked). */
export function pieSlices(slices: ProviderSlice[]): ProviderSlice[] {
  return slices.filter((slice) => slice.cost > 0);
}
