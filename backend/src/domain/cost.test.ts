import { describe, expect, it } from 'vitest';
import type { PriceRow } from '../db/prices.ts';
import { defaultPrices } from '../defaults/prices.ts';
import { type BillableUnits, computeCostNano, priceInEffect } from './cost.ts';
import { dollarsToPico } from './money.ts';

const seeded: PriceRow[] = defaultPrices().map((p, i) => ({ ...p, id: i + 1, effective_to: null }));
const price = (model: string) => seeded.find((p) => p.model === model)!;
const llm = (tokens: Partial<BillableUnits>): BillableUnits => ({
  provider: 'openai',
  input_tokens: 0,
  output_tokens: 0,
  cached_tokens: 0,
  ...tokens,
});

describe('computeCostNano', () => {
  it('prices input and output tokens to the nano-dollar', () => {
    // 1,000 × 2.5e-6 + 500 × 1e-5 = 0.0025 + 0.005 = $0.0075
    expect(computeCostNano(llm({ input_tokens: 1000, output_tokens: 500 }), price('gpt-4o'))).toBe(7_500_000);
  });

  it('prices cached input at the cached rate, apart from uncached input', () => {
    // 200 × 2.5e-6 + 800 × 1.25e-6 + 100 × 1e-5 = 0.0005 + 0.001 + 0.001 = $0.0025
    const units = llm({ input_tokens: 200, cached_tokens: 800, output_tokens: 100 });
    expect(computeCostNano(units, price('gpt-4o'))).toBe(2_500_000);
  });

  it('bills cached input at the input price when the model has no cached price', () => {
    const units = llm({ provider: 'mistral', cached_tokens: 1000 });
    // 1,000 × 2e-6 = $0.002
    expect(computeCostNano(units, price('mistral-large'))).toBe(2_000_000);
  });

  it('charges a per-request API once per call when the report names no unit', () => {
    expect(computeCostNano(llm({ provider: 'tavily' }), price('tavily-search'))).toBe(1_000_000);
    expect(computeCostNano(llm({ provider: 'metaphor' }), price('metaphor-search'))).toBe(3_000_000);
    expect(computeCostNano(llm({ provider: 'stability' }), price('stable-diffusion'))).toBe(40_000_000);
  });

  it('charges per page and per image by the counts reported', () => {
    expect(computeCostNano(llm({ provider: 'firecrawl', pages: 3 }), price('firecrawl-extract'))).toBe(
      6_000_000,
    );
    expect(computeCostNano(llm({ provider: 'stability', images: 4 }), price('stable-diffusion'))).toBe(
      160_000_000,
    );
  });

  it('gives a one-token call to the cheapest model a non-zero cost, rounded half up', () => {
    // 1 × 7.5e-8 $ = 75 nano-dollars exactly; 1 × 1e-7 = 100 nano
    expect(computeCostNano(llm({ provider: 'gemini', input_tokens: 1 }), price('gemini-1.5-flash'))).toBe(75);
    const halfNano: PriceRow = { ...price('gpt-4o-mini'), input_pico: 500 };
    expect(computeCostNano(llm({ input_tokens: 1 }), halfNano)).toBe(1);
    const belowHalf: PriceRow = { ...price('gpt-4o-mini'), input_pico: 499 };
    expect(computeCostNano(llm({ input_tokens: 1 }), belowHalf)).toBe(0);
  });

  it('keeps a million one-token calls summing to exactly a million times one call', () => {
    const one = computeCostNano(llm({ input_tokens: 1 }), price('gpt-4o-mini'));
    let sum = 0;
    for (let i = 0; i < 1_000_000; i++) sum += one;
    expect(one).toBe(150);
    expect(sum).toBe(150_000_000);
  });

  it('computes huge token counts exactly', () => {
    const units = llm({ input_tokens: 10_000_000_000 });
    expect(computeCostNano(units, price('gpt-4o'))).toBe(25_000_000_000_000); // $25,000
  });
});

describe('priceInEffect', () => {
  const v1: PriceRow = { ...price('gpt-4o'), id: 100, effective_from: Date.UTC(2026, 0, 1) };
  const v2: PriceRow = {
    ...v1,
    id: 101,
    input_pico: dollarsToPico(2e-6),
    effective_from: Date.UTC(2026, 5, 1),
  };

  it('chooses the version in effect when the call happened', () => {
    expect(priceInEffect([v1, v2], 'openai', 'gpt-4o', Date.UTC(2026, 4, 31, 23, 59))?.id).toBe(100);
    expect(priceInEffect([v1, v2], 'openai', 'gpt-4o', Date.UTC(2026, 5, 1))?.id).toBe(101);
  });

  it('finds no price before the first version or for an unknown model', () => {
    expect(priceInEffect([v1, v2], 'openai', 'gpt-4o', Date.UTC(2025, 11, 31))).toBeUndefined();
    expect(priceInEffect([v1, v2], 'openai', 'gpt-5-unknown', Date.UTC(2026, 6, 1))).toBeUndefined();
  });

  it('respects a version retired by effective_to', () => {
    const retired = { ...v1, effective_to: Date.UTC(2026, 2, 1) };
    expect(priceInEffect([retired], 'openai', 'gpt-4o', Date.UTC(2026, 2, 2))).toBeUndefined();
  });
});

describe('cache writes and long-context tiers', () => {
  const sonnet: PriceRow = {
    ...price('claude-3.5-sonnet'),
    input_pico: 3_000_000,
    output_pico: 15_000_000,
    cached_pico: 300_000,
    cache_write_pico: 3_750_000,
    cache_write_1h_pico: 6_000_000,
    tiers: [
      {
        above_input_tokens: 200_000,
        input_pico: 6_000_000,
        output_pico: 22_500_000,
        cached_pico: 600_000,
        cache_write_pico: 7_500_000,
        cache_write_1h_pico: 12_000_000,
      },
    ],
  };
  const claude = (tokens: Partial<BillableUnits>) => llm({ provider: 'anthropic', ...tokens });

  it('bills 5-minute writes at the write rate and the one-hour part at its own', () => {
    // 1,000 × 3.75 + 1,000 × 6 = 9,750 per MTok = $0.00975
    const units = claude({ cache_write_tokens: 2000, cache_write_1h_tokens: 1000 });
    expect(computeCostNano(units, sonnet)).toBe(9_750_000);
  });

  it('bills cache writes at the input rate when the price has no write rate', () => {
    // gpt-4o has no cache-write price: 1,000 × 2.5 = $0.0025, one-hour part included
    const units = llm({ cache_write_tokens: 1000, cache_write_1h_tokens: 400 });
    expect(computeCostNano(units, price('gpt-4o'))).toBe(2_500_000);
  });

  it('chooses the tier by uncached + cached + written input, exactly at the threshold staying below', () => {
    // 100,000 + 50,000 + 50,000 = 200,000: not above 200k, base rates.
    // 100,000 × 3 + 50,000 × 0.3 + 50,000 × 3.75 = 300,000 + 15,000 + 187,500 = $0.5025
    const at = claude({ input_tokens: 100_000, cached_tokens: 50_000, cache_write_tokens: 50_000 });
    expect(computeCostNano(at, sonnet)).toBe(502_500_000);
    // One more cached token: every token at the tier's rates, output too.
    // 100,000 × 6 + 50,001 × 0.6 + 50,000 × 7.5 + 10 × 22.5 = 600,000 + 30,000.6 + 375,000 + 225
    // = 1,005,225.6 per MTok = $1.0052256
    const above = claude({
      input_tokens: 100_000,
      cached_tokens: 50_001,
      cache_write_tokens: 50_000,
      output_tokens: 10,
    });
    expect(computeCostNano(above, sonnet)).toBe(1_005_225_600);
  });
});
