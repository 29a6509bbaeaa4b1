import { describe, expect, it } from 'vitest';
import {
  billingPeriodOf,
  daysInPeriod,
  elapsedFraction,
  lastPeriods,
  localDateOf,
  periodBounds,
  periodName,
} from './periods.ts';

describe('billing periods', () => {
  it('puts a call just before midnight local time in the local month, not the UTC one', () => {
    // 2026-12-01 03:30 UTC is still 2026-11-30 22:30 in New York.
    const instant = Date.UTC(2026, 11, 1, 3, 30);
    expect(billingPeriodOf(instant, 'UTC')).toBe('2026-12');
    expect(billingPeriodOf(instant, 'America/New_York')).toBe('2026-11');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-11-30');
  });

  it('puts a call just after midnight local time east of UTC in the new month', () => {
    // 2026-10-31 23:30 UTC is 2026-11-01 08:30 in Tokyo.
    const instant = Date.UTC(2026, 9, 31, 23, 30);
    expect(billingPeriodOf(instant, 'UTC')).toBe('2026-10');
    expect(billingPeriodOf(instant, 'Asia/Tokyo')).toBe('2026-11');
  });

  it('writes every period with a four-digit year and refuses instants that have none', () => {
    expect(billingPeriodOf(Date.UTC(2000, 0, 1), 'UTC')).toBe('2000-01');
    // Year 0 is 0000 (proleptic), not 0001 as the year of its era would print.
    expect(billingPeriodOf(Date.parse('0000-06-01T00:00:00Z'), 'UTC')).toBe('0000-06');
    // 9999-12-31T23:59:59-14:00 is already in the year 10000 in UTC.
    expect(() => billingPeriodOf(Date.parse('9999-12-31T23:59:59-14:00'), 'UTC')).toThrow(RangeError);
    expect(billingPeriodOf(Date.parse('9999-12-31T12:00:00Z'), 'UTC')).toBe('9999-12');
    expect(() => billingPeriodOf(Date.parse('-000001-12-01T00:00:00Z'), 'UTC')).toThrow(RangeError);
    expect(() => billingPeriodOf(Number.NaN, 'UTC')).toThrow(RangeError);
  });

  it('bounds and measures periods of the years 0–99 as those years, not as 1900–1999', () => {
    expect(periodBounds('0050-02', 'UTC').start.toISOString()).toBe('0050-02-01T00:00:00.000Z');
    expect(periodBounds('0050-12', 'UTC').end.toISOString()).toBe('0051-01-01T00:00:00.000Z');
    expect(daysInPeriod('0004-02')).toBe(29); // a leap year; 1904 would be too, 1900 not
    expect(daysInPeriod('0000-02')).toBe(29);
    expect(daysInPeriod('1900-02')).toBe(28);
    expect(periodName('0050-02')).toBe('February 0050');
  });

  it('hands out fresh dates for a period asked again, per timezone', () => {
    const first = periodBounds('2026-03', 'Europe/Berlin');
    first.start.setTime(0);
    const again = periodBounds('2026-03', 'Europe/Berlin');
    expect(again.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(again.end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(periodBounds('2026-03', 'UTC').start.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(periodName('2026-03')).toBe('March 2026');
    expect(periodName('2026-03')).toBe('March 2026');
  });

  it('handles half-hour zones', () => {
    // 2026-01-31 18:45 UTC is 2026-02-01 00:15 in Kolkata (UTC+5:30).
    expect(billingPeriodOf(Date.UTC(2026, 0, 31, 18, 45), 'Asia/Kolkata')).toBe('2026-02');
    expect(billingPeriodOf(Date.UTC(2026, 0, 31, 18, 15), 'Asia/Kolkata')).toBe('2026-01');
  });

  it('bounds a period by local midnights', () => {
    const { start, end } = periodBounds('2026-11', 'America/New_York');
    expect(start.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });

  it('knows month lengths, leap years included', () => {
    expect(daysInPeriod('2026-02')).toBe(28);
    expect(daysInPeriod('2028-02')).toBe(29);
    expect(daysInPeriod('2026-11')).toBe(30);
    expect(daysInPeriod('2026-12')).toBe(31);
  });

  it('measures the elapsed fraction of a period', () => {
    expect(elapsedFraction('2026-11', 'UTC', new Date(Date.UTC(2026, 10, 16)))).toBeCloseTo(0.5, 10);
    expect(elapsedFraction('2026-11', 'UTC', new Date(Date.UTC(2026, 9, 1)))).toBe(0);
    expect(elapsedFraction('2026-11', 'UTC', new Date(Date.UTC(2027, 0, 1)))).toBe(1);
  });

  it('lists the last periods across a year boundary, oldest first', () => {
    expect(lastPeriods(3, 'UTC', new Date(Date.UTC(2027, 0, 15)))).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('names a period by month and year, whatever the server timezone', () => {
    expect(periodName('2026-01')).toBe('January 2026');
    expect(periodName('2026-12')).toBe('December 2026');
  });
});
