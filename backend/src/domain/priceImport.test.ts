import { describe, expect, it } from 'vitest';
import type { NewPrice, StoredPrice } from '../db/prices.ts';
import { diffCatalog, isCatalogRow } from './priceImport.ts';

const row = (model: string, from: number, input: number, source = 'genai-prices@1.0.0'): NewPrice => ({
  provider: 'openai',
  model,
  input_pico: input,
  output_pico: 10,
  cached_pico: null,
  cache_write_pico: null,
  cache_write_1h_pico: null,
  request_pico: 0,
  search_pico: 0,
  image_pico: 0,
  page_pico: 0,
  tiers: [],
  source,
  match_rule: JSON.stringify({ equals: model }),
  match_rank: 0,
  effective_from: from,
});
let id = 0;
const stored = (price: NewPrice): StoredPrice => ({
  ...price,
  id: ++id,
  effective_to: null,
  description: null,
});

const JUNE = Date.UTC(2026, 5, 1);
const DECEMBER = Date.UTC(2026, 11, 1);

describe('diffCatalog', () => {
  const table = [stored(row('kept', 0, 5)), stored(row('repriced', 0, 5)), stored(row('dated', 0, 5))];
  const diff = diffCatalog({
    stored: table,
    catalogRows: [
      row('kept', 0, 5, 'genai-prices@2.0.0'),
      row('repriced', 0, 7, 'genai-prices@2.0.0'),
      row('dated', 0, 5, 'genai-prices@2.0.0'),
      row('dated', JUNE, 3, 'genai-prices@2.0.0'),
      row('brand-new', 0, 9, 'genai-prices@2.0.0'),
    ],
    isCatalogRow,
    effectiveFrom: DECEMBER,
  });

  it('leaves a price the table already holds alone, whichever catalog version it came from', () => {
    expect(diff.unchanged).toBe(2);
    expect(diff.changes.some((c) => c.model === 'kept')).toBe(false);
  });

  it('adds a changed rate as a new version from the effective date, never editing the stored one', () => {
    const change = diff.changes.find((c) => c.model === 'repriced');
    expect(change).toMatchObject({ kind: 'changed', after: { input_pico: 7, effective_from: DECEMBER } });
    expect(change?.before?.input_pico).toBe(5);
  });

  it('adds dated versions and new models with the catalog’s own start', () => {
    expect(diff.changes.find((c) => c.model === 'dated')).toMatchObject({
      kind: 'new_version',
      after: { effective_from: JUNE },
    });
    expect(diff.changes.find((c) => c.model === 'brand-new')).toMatchObject({ kind: 'new_model' });
  });

  it('finds nothing more once its changes are stored', () => {
    const applied = [...table, ...diff.changes.map((c) => stored(c.after))];
    const again = diffCatalog({
      stored: applied,
      catalogRows: [row('repriced', 0, 7, 'genai-prices@2.0.0'), row('dated', JUNE, 3)],
      isCatalogRow,
      effectiveFrom: DECEMBER + 1,
    });
    expect(again.changes).toEqual([]);
  });

  it('ignores the operator’s and Spendscope’s own rows of the same name', () => {
    const own = diffCatalog({
      stored: [stored(row('gpt-4o', 0, 1, 'operator')), stored(row('gpt-4o', 1, 1, 'spendscope'))],
      catalogRows: [row('gpt-4o', 0, 2)],
      isCatalogRow,
      effectiveFrom: DECEMBER,
    });
    expect(own.changes.map((c) => c.kind)).toEqual(['new_model']);
  });
});
