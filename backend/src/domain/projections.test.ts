import { costProjectionsSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { projectCosts } from './projections.ts';

const NANO = 1e9;

function project(now: string, costDollars: number, costLimit = -1, period?: string, timezone = 'UTC') {
  const at = new Date(now);
  const projection = projectCosts({
    period: period ?? now.slice(0, 7),
    timezone,
    now: at,
    costSoFarNano: Math.round(costDollars * NANO),
    costLimit,
  });
  return costProjectionsSchema.parse(projection);
}

describe('projectCosts', () => {
  // February 2026 has 28 days, April 30, March 31.
  const months = [
    { period: '2026-02', days: 28 },
    { period: '2026-04', days: 30 },
    { period: '2026-03', days: 31 },
  ];

  for (const { period, days } of months) {
    describe(`in a ${days}-day month (${period})`, () => {
      it('scales noon of the 1st by the half day elapsed', () => {
        const p = project(`${period}-01T12:00:00Z`, 1);
        expect(p.days_in_period).toBe(days);
        expect(p.elapsed_fraction).toBeCloseTo(0.5 / days, 12);
        expect(p.projected_monthly_cost).toBeCloseTo(days * 2, 9);
        expect(p.daily_run_rate).toBeCloseTo(2, 9);
      });

      it('scales the middle of the month by the days elapsed', () => {
        const p = project(`${period}-15T00:00:00Z`, 14);
        expect(p.elapsed_fraction).toBeCloseTo(14 / days, 12);
        expect(p.projected_monthly_cost).toBeCloseTo(days, 9);
        expect(p.daily_run_rate).toBeCloseTo(1, 9);
      });

      it('barely scales noon of the last day', () => {
        const p = project(`${period}-${days}T12:00:00Z`, days - 0.5);
        expect(p.elapsed_fraction).toBeCloseTo((days - 0.5) / days, 12);
        expect(p.projected_monthly_cost).toBeCloseTo(days, 9);
      });
    });
  }

  it('projects what is spent when no time has elapsed yet', () => {
    const p = project('2026-04-01T00:00:00Z', 3);
    expect(p.elapsed_fraction).toBe(0);
    expect(p.projected_monthly_cost).toBe(3);
    expect(p.daily_run_rate).toBe(0);
  });

  it('projects a past period at what it cost', () => {
    const p = project('2026-05-10T00:00:00Z', 12.5, 50, '2026-04');
    expect(p.elapsed_fraction).toBe(1);
    expect(p.projected_monthly_cost).toBe(12.5);
    expect(p.projected_usage_percentage).toBe(25);
  });

  it('measures the month in the user timezone', () => {
    // 2026-02-28T20:00Z is 05:00 on 1 March in Tokyo: five hours into a 31-day month.
    const p = project('2026-02-28T20:00:00Z', 1, -1, '2026-03', 'Asia/Tokyo');
    expect(p.days_in_period).toBe(31);
    expect(p.elapsed_fraction).toBeCloseTo(5 / (31 * 24), 12);
    expect(p.projected_monthly_cost).toBeCloseTo((31 * 24) / 5, 6);
  });

  it('gives the percentage of the monthly cost cap', () => {
    const p = project('2026-04-16T00:00:00Z', 20, 50);
    expect(p.projected_monthly_cost).toBeCloseTo(40, 9);
    expect(p.projected_usage_percentage).toBe(80);
    expect(p.cost_limit).toBe(50);
  });

  it('gives the day the cap is reached at the current pace', () => {
    // $20 in 9 days is $2.22 a day: $50 is reached after 22.5 days, at noon on 23 April.
    const p = project('2026-04-10T00:00:00Z', 20, 50);
    expect(p.projected_limit_date).toBe('2026-04-23');
    expect(p.projected_usage_percentage).toBeCloseTo(((20 / 9) * 30 * 100) / 50, 2);
  });

  it('gives the run-out day in the user timezone, east and west of UTC', () => {
    // $20 so far against a $50 cap: the cap falls at 2.5 × the time elapsed since local midnight of 1 April.
    const HOUR = 3_600_000;
    const cases = [
      // 20:00 on 23 April in Los Angeles is already 24 April in UTC.
      { timezone: 'America/Los_Angeles', start: '2026-04-01T07:00:00Z', crossAfterHours: 22 * 24 + 20 },
      // Early on 23 April in Auckland (03:00, after DST ends on 5 April) is still 22 April in UTC.
      { timezone: 'Pacific/Auckland', start: '2026-03-31T11:00:00Z', crossAfterHours: 22 * 24 + 4 },
    ];
    for (const { timezone, start, crossAfterHours } of cases) {
      const now = new Date(Date.parse(start) + (crossAfterHours / 2.5) * HOUR);
      const p = projectCosts({ period: '2026-04', timezone, now, costSoFarNano: 20 * NANO, costLimit: 50 });
      expect(p.projected_limit_date, timezone).toBe('2026-04-23');
      const utcDate = new Date(Date.parse(start) + crossAfterHours * HOUR).toISOString().slice(0, 10);
      expect(utcDate).not.toBe('2026-04-23');
    }
  });

  it('gives no run-out day when the pace stays under the cap', () => {
    const p = project('2026-04-10T00:00:00Z', 10, 50);
    expect(p.projected_monthly_cost).toBeCloseTo(33.333333333, 6);
    expect(p.projected_limit_date).toBeUndefined();
  });

  it('gives today as the run-out day once the cap is already reached', () => {
    const p = project('2026-04-10T08:00:00Z', 50, 50);
    expect(p.projected_limit_date).toBe('2026-04-10');
  });

  it('gives no percentage and no run-out day without a cap', () => {
    const p = project('2026-04-10T00:00:00Z', 1000, -1);
    expect(p.projected_usage_percentage).toBe(0);
    expect(p.projected_limit_date).toBeUndefined();
  });
});
