import { describe, expect, it } from 'vitest';
import type { PriceRow } from '../db/prices.ts';
import { checkReport, RollupDeltas, storedEventOf, touchedBy } from './ingestRows.ts';

const price: PriceRow = {
  id: 7,
  provider: 'openai',
  model: 'gpt-4o',
  input_pico: 2_500_000,
  output_pico: 10_000_000,
  cached_pico: null,
  cache_write_pico: null,
  cache_write_1h_pico: null,
  tiers: [],
  source: 'operator',
  match_rule: null,
  match_rank: null,
  request_pico: 0,
  search_pico: 0,
  image_pico: 0,
  page_pico: 0,
  effective_from: 0,
  effective_to: null,
};

const gpt = (id: string, extra: Record<string, unknown> = {}) => ({
  event_id: id,
  user_id: 'u1',
  provider: 'openai',
  model: 'gpt-4o',
  input_tokens: 1000,
  output_tokens: 500,
  occurred_at: '2026-11-30T23:30:00Z',
  ...extra,
});

/** The server's clock in these tests: a day after the calls above. */
const NOW_MS = Date.parse('2026-12-01T23:30:00Z');

describe('checking a report', () => {
  it('rejects invalid events by index and counts a repeated event_id once', () => {
    const checked = checkReport([gpt('a'), { event_id: 'b' }, gpt('a'), gpt('c')], NOW_MS);
    expect(checked.events.map((e) => e.event_id)).toEqual(['a', 'c']);
    expect(checked.indexes).toEqual([0, 3]);
    expect(checked.duplicates).toBe(1);
    expect(checked.rejected.map((r) => r.index)).toEqual([1]);
  });

  it('refuses a call dated more than 24 hours ahead of the clock, and one before 2000', () => {
    const checked = checkReport(
      [
        gpt('exactly-a-day', { occurred_at: '2026-12-02T23:30:00Z' }),
        gpt('a-day-and-a-second', { occurred_at: '2026-12-02T23:30:01Z' }),
        gpt('year-10000', { occurred_at: '9999-12-31T23:59:59-14:00' }),
        gpt('year-0', { occurred_at: '0000-01-01T00:00:00Z' }),
        gpt('first-instant', { occurred_at: '2000-01-01T00:00:00Z' }),
      ],
      NOW_MS,
    );
    expect(checked.events.map((e) => e.event_id)).toEqual(['exactly-a-day', 'first-instant']);
    expect(checked.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(checked.rejected[0]?.error.message).toMatch(/more than 24 hours ahead of the server's clock/);
    expect(checked.rejected[2]?.error.message).toMatch(/must not be before 2000-01-01T00:00:00Z/);
  });

  it('refuses counts past their per-call bounds, naming the bound', () => {
    const checked = checkReport(
      [
        gpt('tokens', { output_tokens: 1_000_000_001 }),
        { ...gpt('images', { provider: 'stability', images: 1_000_001 }), model: undefined },
        gpt('slow', { response_time_ms: 86_400_001 }),
        gpt('max', { input_tokens: 1e9, output_tokens: 1e9, cached_tokens: 1e9, reasoning_tokens: 1e9 }),
      ],
      NOW_MS,
    );
    expect(checked.events.map((e) => e.event_id)).toEqual(['max']);
    expect(checked.rejected.map((r) => r.error.message)).toEqual([
      'output_tokens: output_tokens must be at most 1,000,000,000',
      'images: images must be at most 1,000,000',
      'response_time_ms: response_time_ms must be at most 86,400,000',
    ]);
  });
});

describe('the stored row of an event', () => {
  const [event] = checkReport([gpt('a', { response_time_ms: 250 })], NOW_MS).events;

  it('is priced with the version in effect and kept in the day and period of the user’s timezone', () => {
    const { row, day } = storedEventOf(event!, {
      timezone: 'Asia/Tokyo',
      receivedAt: 0,
      priceOf: (provider, model) =>
        provider === 'openai' && model === 'gpt-4o' ? { price, match: 'exact' } : undefined,
    });
    expect(day).toBe('2026-12-01');
    expect(row.billing_period).toBe('2026-12');
    expect(row.cost_nano).toBe(7_500_000); // $0.0075
    expect(row.price_id).toBe(7);
  });

  it('is unpriced with cost 0 when the model has no price', () => {
    const { row } = storedEventOf(event!, { timezone: 'UTC', receivedAt: 0, priceOf: () => undefined });
    expect(row.price_id).toBeNull();
    expect(row.cost_nano).toBe(0);
    expect(row.billing_period).toBe('2026-11');
  });
});

describe('rollup deltas', () => {
  it('sums events of one user, day, provider and model into one delta, errors and unpriced apart', () => {
    const events = checkReport(
      [
        gpt('a', { response_time_ms: 100 }),
        gpt('b', { status_code: 500 }),
        gpt('c', { occurred_at: '2026-11-29T10:00:00Z' }),
      ],
      NOW_MS,
    ).events.map((e) =>
      storedEventOf(e, { timezone: 'UTC', receivedAt: 0, priceOf: () => ({ price, match: 'exact' }) }),
    );
    const deltas = new RollupDeltas();
    for (const e of events) deltas.add(e);
    const [day30, day29] = deltas.list();
    expect(day30).toMatchObject({
      day: '2026-11-30',
      calls: 2,
      errors: 1,
      unpriced_calls: 0,
      input_tokens: 2000,
      cost_nano: 15_000_000,
      response_time_sum: 100,
      response_time_count: 1,
    });
    expect(day29).toMatchObject({ day: '2026-11-29', calls: 1 });
    expect(touchedBy(events)).toEqual([{ userId: 'u1', period: '2026-11' }]);
  });
});
