import { describe, expect, it } from 'vitest';
import { pieSlices, prepareProviderSlices } from '../../charts/prepareProviderSlices.ts';
import { makeBreakdown } from '../../test/fixtures.ts';
import { providerColors } from '../../theme/palette.ts';

describe('prepareProviderSlices', () => {
  it('keeps only used providers, most expensive first, with share and unit costs', () => {
    const slices = prepareProviderSlices(makeBreakdown(), 21.95);
    expect(slices.map((s) => s.provider)).toEqual(['openai', 'anthropic', 'tavily']);
    const [openai] = slices;
    expect(openai?.percentage).toBeCloseTo((12.5 / 21.95) * 100);
    expect(openai?.costPer1kTokens).toBeCloseTo((12.5 / 2_400_000) * 1000);
    expect(openai?.costPerCall).toBeCloseTo(12.5 / 1200);
    expect(openai?.color).toBe(providerColors.openai);
    expect(openai?.label).toBe('OpenAI');
  });

  it('gives providers without tokens no cost per token rather than a division by zero', () => {
    const tavily = prepareProviderSlices(makeBreakdown(), 21.95).find((s) => s.provider === 'tavily');
    expect(tavily?.costPer1kTokens).toBeNull();
    expect(tavily?.costPerCall).toBeCloseTo(0.008);
  });

  it('shows a 0 % share when nothing was spent instead of NaN', () => {
    const free = makeBreakdown({
      openai: { calls: 10, tokens: 100, cost: 0 },
      anthropic: { calls: 0, tokens: 0, cost: 0 },
      tavily: { calls: 0, tokens: 0, cost: 0 },
    });
    const slices = prepareProviderSlices(free, 0);
    expect(slices).toHaveLength(1);
    expect(slices[0]?.percentage).toBe(0);
    // A provider that cost nothing stays in the list but gets no pie slice.
    expect(pieSlices(slices)).toEqual([]);
  });

  it('orders providers with equal cost by calls', () => {
    const tie = makeBreakdown({
      openai: { calls: 5, tokens: 0, cost: 1 },
      anthropic: { calls: 9, tokens: 0, cost: 1 },
      tavily: { calls: 0, tokens: 0, cost: 0 },
    });
    expect(prepareProviderSlices(tie, 2).map((s) => s.provider)).toEqual(['anthropic', 'openai']);
  });
});

describe('provider colours', () => {
  it('gives each of the nine providers its own colour', () => {
    const values = Object.values(providerColors);
    expect(values).toHaveLength(9);
    expect(new Set(values).size).toBe(9);
  });
});
