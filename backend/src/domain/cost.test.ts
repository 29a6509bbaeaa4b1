import { describe, expect, it } from 'vitest';
import { defaultPrices } from '../seed/prices.ts';
import { type BillableUnits, computeCostNano, type PriceRow, priceInEffect } from './cost.ts';
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
