import { describe, expect, it } from 'vitest';
import type { RollupTotals } from '../db/recount.ts';
import { compareRollups } from './rollupCheck.ts';

const group = (over: Partial<RollupTotals> = {}): RollupTotals => ({
  user_id: 'u1',
  billing_period: '2026-11',
  provider: 'openai',
  model: 'gpt-4o',
  calls: 3,
  errors: 1,
  unpriced_calls: 0,
  input_tokens: 300,
  output_tokens: 90,
  cached_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  searches: 0,
  pages: 0,
  images: 0,
  cost_nano: 12_345,
  response_time_sum: 1234.5,
  response_time_count: 3,
  ...over,
});

describe('compareRollups', () => {
  it('finds nothing when stored and recounted totals agree', () => {
    expect(compareRollups([group()], [group()])).toEqual([]);
  });

  it('names the group, the measure and both values when a count differs', () => {
    const differences = compareRollups([group({ calls: 4 })], [group()]);
    expect(differences).toEqual([
      expect.objectContaining({ user_id: 'u1', model: 'gpt-4o', measure: 'calls', stored: 4, recounted: 3 }),
    ]);
  });

  it('reports a rollup group with no events behind it as counted twice or invented', () => {
    const differences = compareRollups([group(), group({ model: 'ghost' })], [group()]);
    expect(differences.every((d) => d.model === 'ghost' && d.recounted === 0)).toBe(true);
    expect(differences.map((d) => d.measure)).toContain('calls');
  });

  it('reports events missing from the rollups', () => {
    const differences = compareRollups([], [group()]);
    expect(differences.find((d) => d.measure === 'cost_nano')).toMatchObject({
      stored: 0,
      recounted: 12_345,
    });
  });

  it('tolerates rounding in summed response times but not a lost one', () => {
    expect(compareRollups([group({ response_time_sum: 1234.5 + 1e-10 })], [group()])).toEqual([]);
    expect(compareRollups([group({ response_time_sum: 1000 })], [group()])).toHaveLength(1);
  });

  it('compares cost to the nano-dollar', () => {
    expect(compareRollups([group({ cost_nano: 12_346 })], [group()])).toHaveLength(1);
  });
});
