import type { UsageAlert } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { UsageChange } from './changes.ts';
import { decodeChange, encodeChange } from './pgChangeFeed.ts';

function alert(id: number, message = 'Gemini calls at 80 % of the plan limit'): UsageAlert {
  return {
    id,
    user_id: `user-${id}`,
    type: 'usage_threshold',
    metric: 'gemini_calls',
    provider: 'gemini',
    threshold_percentage: 80,
    severity: 'info',
    title: '80 % of Gemini calls used',
    message,
    billing_period: '2026-11',
    is_read: false,
    created_at: '2026-11-20T12:00:00.000Z',
  };
}

function merge(payloads: string[]): UsageChange {
  const changes = payloads.map((p) => decodeChange(p)?.change);
  return {
    touched: changes.flatMap((c) => c?.touched ?? []),
    newAlerts: changes.flatMap((c) => c?.newAlerts ?? []),
  };
}

describe('change notifications', () => {
  it('round-trips a change with its origin', () => {
    const change = { touched: [{ userId: 'u1', period: '2026-11' }], newAlerts: [alert(1)] };
    const payloads = encodeChange('process-a', change);
    expect(payloads).toHaveLength(1);
    expect(decodeChange(payloads[0]!)).toEqual({ origin: 'process-a', change });
  });

  it('splits a large change into payloads under PostgreSQL’s 8,000-byte limit, losing nothing', () => {
    const change = {
      touched: Array.from({ length: 3000 }, (_, i) => ({
        userId: `user-${i}`.padEnd(100, 'x'),
        period: '2026-11',
      })),
      newAlerts: Array.from({ length: 200 }, (_, i) => alert(i)),
    };
    const payloads = encodeChange('process-a', change);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(merge(payloads)).toEqual(change);
  });

  it('sends an alert too large for one notification as its touched period', () => {
    const change = { touched: [], newAlerts: [alert(7, 'x'.repeat(9000))] };
    expect(merge(encodeChange('process-a', change))).toEqual({
      touched: [{ userId: 'user-7', period: '2026-11' }],
      newAlerts: [],
    });
  });

  it('ignores payloads that are not change notifications', () => {
    expect(decodeChange('not json')).toBeUndefined();
    expect(decodeChange('{"hello":1}')).toBeUndefined();
  });

  it('sends nothing for an empty change', () => {
    expect(encodeChange('process-a', { touched: [], newAlerts: [] })).toEqual([]);
  });
});
