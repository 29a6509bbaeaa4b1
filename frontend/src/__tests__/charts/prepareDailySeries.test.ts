import { describe, expect, it } from 'vitest';
import { prepareDailySeries, prepareModelRows } from '../../charts/prepareDailySeries.ts';
import { makeProviderDetails } from '../../test/fixtures.ts';

describe('drill-down preparation', () => {
  it('labels each day of the series', () => {
    const rows = prepareDailySeries(makeProviderDetails());
    expect(rows).toHaveLength(15);
    expect(rows[0]).toMatchObject({ date: '2026-05-01', label: 'May 1', calls: 80 });
  });

  it('orders models by spend', () => {
    expect(prepareModelRows(makeProviderDetails()).map((m) => m.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });
});
