import { describe, expect, it } from 'vitest';
import { alertNameOf, KnownAlerts } from './knownAlerts.ts';

describe('alerts known to be stored', () => {
  it('names an alert by metric and threshold', () => {
    expect(alertNameOf({ metric: 'gemini_calls', threshold: 80 })).toBe('gemini_calls:80');
    expect(alertNameOf({ metric: 'unpriced', threshold: 0 })).toBe('unpriced:0');
    expect(alertNameOf({ metric: 'other', threshold: 5 })).toBe('other:5');
  });

  it('knows an alert of a user period once remembered, and starts over past its bound', () => {
    const known = new KnownAlerts(2);
    known.remember('u1', '2026-11', ['gemini_calls:80', 'gemini_calls:90']);
    known.remember('u2', '2026-11', ['unpriced:0']);
    expect(known.hasAll('u1', '2026-11', ['gemini_calls:80', 'gemini_calls:90'])).toBe(true);
    expect(known.hasAll('u1', '2026-11', ['gemini_calls:100'])).toBe(false);
    expect(known.has('u1', '2026-10', 'gemini_calls:80')).toBe(false);
    known.remember('u3', '2026-11', ['unpriced:0']);
    expect(known.has('u3', '2026-11', 'unpriced:0')).toBe(true);
    expect(known.has('u1', '2026-11', 'gemini_calls:80')).toBe(false);
  });
});
