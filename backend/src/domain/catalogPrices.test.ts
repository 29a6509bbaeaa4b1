import { describe, expect, it } from 'vitest';
import { CATALOG_SINCE, type CatalogProvider, catalogPriceRows, scaleDecimal } from './catalogPrices.ts';

describe('scaleDecimal', () => {
  it('shifts the decimal spelling exactly, where float multiplication would not', () => {
    expect(scaleDecimal(0.01875, 6)).toBe(18_750);
    expect(scaleDecimal(0.3, 6)).toBe(300_000);
    expect(scaleDecimal(1.1, 6)).toBe(1_100_000);
    expect(scaleDecimal(3.75, 6)).toBe(3_750_000);
    expect(scaleDecimal(10, 9)).toBe(10_000_000_000);
    expect(scaleDecimal(1e-7, 12)).toBe(100_000);
    expect(scaleDecimal(0, 6)).toBe(0);
  });

  it('refuses a rate finer than a pico-dollar or not a price', () => {
    expect(scaleDecimal(0.0000001, 6)).toBeUndefined();
    expect(scaleDecimal(-1, 6)).toBeUndefined();
    expect(scaleDecimal(Number.NaN, 6)).toBeUndefined();
  });
});

const catalog: CatalogProvider[] = [
  {
    id: 'anthropic',
    models: [
      {
        id: 'claude-x',
        name: 'Claude X',
        match: { starts_with: 'claude-x' },
        prices: [
          {
            prices: {
              input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] },
              output_mtok: { base: 15, tiers: [{ start: 200_000, price: 22.5 }] },
              cache_write_mtok: 3.75,
              cache_write_1h_mtok: 6,
              cache_read_mtok: 0.3,
              web_searches_kcount: 10,
            },
          },
          {
            constraint: { type: 'start_date', start_date: '2026-03-13' },
            prices: { input_mtok: 2, output_mtok: 10 },
          },
        ],
      },
      { id: 'claude-audio', match: { equals: 'claude-audio' }, prices: { input_audio_mtok: 5 } },
    ],
  },
  { id: 'google', models: [{ id: 'gemini-y', match: { equals: 'gemini-y' }, prices: { input_mtok: 0.1 } }] },
  { id: 'groq', models: [{ id: 'llama', match: { equals: 'llama' }, prices: { input_mtok: 1 } }] },
];

describe('catalogPriceRows', () => {
  const { rows, skipped } = catalogPriceRows(catalog, 'genai-prices@9.9.9');

  it('makes one row per dated version, from the start date (UTC midnight) or always', () => {
    const versions = rows.filter((r) => r.model === 'claude-x');
    expect(versions.map((r) => r.effective_from)).toEqual([CATALOG_SINCE, Date.UTC(2026, 2, 13)]);
    expect(versions.every((r) => r.source === 'genai-prices@9.9.9')).toBe(true);
    expect(versions[0]!.match_rule).toBe(JSON.stringify({ starts_with: 'claude-x' }));
  });

  it('converts every billed rate to pico-dollars per unit, tiers included', () => {
    const [base] = rows;
    expect(base).toMatchObject({
      input_pico: 3_000_000,
      output_pico: 15_000_000,
      cached_pico: 300_000,
      cache_write_pico: 3_750_000,
      cache_write_1h_pico: 6_000_000,
      search_pico: 10_000_000_000,
      description: 'Claude X',
    });
    expect(base!.tiers).toEqual([
      {
        above_input_tokens: 200_000,
        input_pico: 6_000_000,
        output_pico: 22_500_000,
        cached_pico: 300_000,
        cache_write_pico: 3_750_000,
        cache_write_1h_pico: 6_000_000,
      },
    ]);
  });

  it('names Google gemini, ignores providers Spendscope does not meter and skips what it cannot bill', () => {
    expect(rows.find((r) => r.model === 'gemini-y')?.provider).toBe('gemini');
    expect(rows.some((r) => r.model === 'llama')).toBe(false);
    expect(skipped).toEqual([expect.objectContaining({ model: 'claude-audio' })]);
  });
});

describe('the installed catalog', () => {
  it('imports every version of every OpenAI, Anthropic, Google and Mistral model, or says why not', async () => {
    const { installedCatalog } = await import('../defaults/genaiPrices.ts');
    const installed = await installedCatalog();
    const { rows, skipped } = catalogPriceRows(installed.providers, installed.source);
    expect(installed.providers.map((p) => p.id).sort()).toEqual(['anthropic', 'google', 'mistral', 'openai']);
    const versions = installed.providers.flatMap((p) =>
      p.models.flatMap((m) => (Array.isArray(m.prices) ? m.prices : [m.prices]).map(() => m.id)),
    );
    expect(rows.length + skipped.length).toBe(versions.length);
    expect(rows.length).toBeGreaterThan(200);
    for (const model of ['gpt-5.1', 'claude-sonnet-4-5', 'gemini-3-pro-preview', 'mistral-large']) {
      expect(rows.some((r) => r.model === model)).toBe(true);
    }
    // Google's entry also lists the Claude models Vertex AI resells: they are Anthropic's alone.
    expect(rows.filter((r) => r.model.startsWith('claude')).map((r) => r.provider)).not.toContain('gemini');
    expect(
      skipped.filter((s) => s.provider === 'gemini' && s.model.startsWith('claude')).length,
    ).toBeGreaterThan(0);
  });
});
