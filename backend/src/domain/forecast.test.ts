import { describe, expect, it } from 'vitest';
import { type DailyValue, forecastPeriod, runOutOf } from './forecast.ts';

/** `count` consecutive days from `from`, valued by `value(index, date)`. */
function days(from: string, count: number, value: (i: number, date: string) => number): DailyValue[] {
  const out: DailyValue[] = [];
  const cursor = new Date(`${from}T00:00:00Z`);
  for (let i = 0; i < count; i++) {
    const date = cursor.toISOString().slice(0, 10);
    out.push({ date, value: value(i, date) });
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;
const total = (values: readonly DailyValue[]) => values.reduce((sum, d) => sum + d.value, 0);

/** March and April 2026 of a shape, the forecast made at the start of 15 April (UTC) and April's truth. */
function aprilOf(shape: (i: number, date: string) => number, now = '2026-04-15T00:00:00Z') {
  const all = days('2026-03-01', 61, shape);
  const at = new Date(now);
  const today = now.slice(0, 10);
  const daily = all.filter((d) => d.date < today);
  const forecast = forecastPeriod({ period: '2026-04', timezone: 'UTC', now: at, daily });
  const truth = total(all.filter((d) => d.date.startsWith('2026-04')));
  const history = daily.filter((d) => d.date >= '2026-03-18');
  // What dividing the history evenly over the rest of the month would say: no trend, no weekdays.
  const flat = forecast.soFar + (16 * total(history)) / history.length;
  return { forecast, truth, flat };
}

describe('forecastPeriod', () => {
  it('forecasts a constant history exactly, with no spread to widen the range', () => {
    const { forecast, truth } = aprilOf(() => 10);
    expect(truth).toBe(300);
    expect(forecast.basis).toBe('history');
    expect(forecast.historyDays).toBe(28);
    expect(forecast.soFar).toBe(140);
    expect(forecast.central).toBeCloseTo(300, 6);
    expect(forecast.low).toBeCloseTo(300, 6);
    expect(forecast.high).toBeCloseTo(300, 6);
  });

  it('gives a range around the truth that reflects how variable the days are', () => {
    const calm = aprilOf((i) => (i % 3 === 0 ? 9 : 10.5)).forecast;
    const jumpy = aprilOf((i) => (i % 3 === 0 ? 4 : 13)).forecast;
    for (const forecast of [calm, jumpy]) {
      expect(forecast.low).toBeLessThanOrEqual(forecast.central);
      expect(forecast.high).toBeGreaterThanOrEqual(forecast.central);
    }
    const width = (f: typeof calm) => (f.high as number) - (f.low as number);
    expect(width(jumpy)).toBeGreaterThan(3 * width(calm));
    expect(width(calm)).toBeGreaterThan(0);
  });

  it('follows linear growth instead of averaging it away', () => {
    const { forecast, truth, flat } = aprilOf((i) => 5 + 0.2 * i);
    expect(Math.abs(forecast.central - truth) / truth).toBeLessThan(0.05);
    expect(forecast.central).toBeGreaterThan(flat + 0.5 * (truth - flat));
  });

  it('applies the weekday pattern to the days still to come', () => {
    const { forecast, truth, flat } = aprilOf((_i, date) => (isWeekend(date) ? 2 : 10));
    expect(forecast.central).toBeCloseTo(truth, 6);
    expect(Math.abs(flat - truth)).toBeGreaterThan(1);
  });

  it('does not turn one spike into a month of spikes, but widens the range', () => {
    const spiky = aprilOf((_i, date) => (date === '2026-04-05' ? 200 : 10));
    expect(spiky.forecast.soFar).toBe(330);
    expect(spiky.forecast.central).toBeCloseTo(spiky.truth, 6);
    expect(spiky.forecast.high as number).toBeGreaterThan(spiky.truth + 100);
    expect(spiky.forecast.low).toBeGreaterThanOrEqual(spiky.forecast.soFar);
  });

  it('adds the rest of today at the expected pace of its weekday', () => {
    // Noon on the 15th with half of today's $10 already spent.
    const history = days('2026-03-01', 45, () => 10);
    const daily = [...history, { date: '2026-04-15', value: 5 }];
    const forecast = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-15T12:00:00Z'),
      daily,
    });
    expect(forecast.soFar).toBe(145);
    expect(forecast.central).toBeCloseTo(300, 6);
  });

  it('measures the month in the real number of days, 28 to 31', () => {
    const february = forecastPeriod({
      period: '2026-02',
      timezone: 'UTC',
      now: new Date('2026-02-10T00:00:00Z'),
      daily: days('2026-01-01', 40, () => 10),
    });
    const march = forecastPeriod({
      period: '2026-03',
      timezone: 'UTC',
      now: new Date('2026-03-10T00:00:00Z'),
      daily: days('2026-02-01', 37, () => 10),
    });
    expect(february.central).toBeCloseTo(280, 6);
    expect(march.central).toBeCloseTo(310, 6);
  });

  it('reads the days and today in the user timezone', () => {
    // 12:00 UTC on 14 April is midnight starting 15 April in Auckland (NZST, +12).
    const forecast = forecastPeriod({
      period: '2026-04',
      timezone: 'Pacific/Auckland',
      now: new Date('2026-04-14T12:00:00Z'),
      daily: days('2026-03-01', 45, () => 10),
    });
    expect(forecast.soFar).toBe(140);
    expect(forecast.path[0]?.date).toBe('2026-04-15');
    expect(forecast.central).toBeCloseTo(300, 6);
    expect(runOutOf(forecast, 245, '2026-04-15').date).toBe('2026-04-25');
  });

  it('says there is not enough history for a new user, and claims no range', () => {
    const firstDay = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-01T12:00:00Z'),
      daily: [{ date: '2026-04-01', value: 1 }],
    });
    expect(firstDay.basis).toBe('insufficient_history');
    expect(firstDay.historyDays).toBe(0);
    expect(firstDay.low).toBeUndefined();
    expect(firstDay.high).toBeUndefined();
    expect(firstDay.soFar).toBe(1);

    const nothing = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-09T00:00:00Z'),
      daily: [],
    });
    expect(nothing.basis).toBe('insufficient_history');
    expect(nothing.central).toBe(0);

    const twoDays = days('2026-04-07', 2, () => 10);
    const early = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-09T00:00:00Z'),
      daily: twoDays,
    });
    expect(early.basis).toBe('insufficient_history');
    expect(early.historyDays).toBe(2);
    // The days before the first one with usage are not zeros: the pace is that of the two days.
    expect(early.central).toBeCloseTo(20 + 22 * 10, 6);

    const threeDays = days('2026-04-06', 3, (i) => 9 + i);
    const enough = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-09T00:00:00Z'),
      daily: threeDays,
    });
    expect(enough.basis).toBe('history');
    expect(enough.historyDays).toBe(3);
    // Three days say little about the level: the range is far wider than after two weeks of the same days.
    const weeks = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-09T00:00:00Z'),
      daily: days('2026-03-27', 13, (i) => 9 + (i % 3)),
    });
    const width = (f: typeof enough) => (f.high as number) - (f.low as number);
    expect(width(enough)).toBeGreaterThan(1.8 * width(weeks));
  });

  it('forecasts a closed period at what it came to', () => {
    const forecast = forecastPeriod({
      period: '2026-03',
      timezone: 'UTC',
      now: new Date('2026-04-02T00:00:00Z'),
      daily: days('2026-03-01', 31, () => 10),
    });
    expect(forecast.basis).toBe('closed');
    expect(forecast.central).toBe(310);
    expect(forecast.path).toEqual([]);
  });
});

describe('runOutOf', () => {
  const steady = forecastPeriod({
    period: '2026-04',
    timezone: 'UTC',
    now: new Date('2026-04-15T00:00:00Z'),
    daily: days('2026-03-01', 45, (i) => (i % 2 === 0 ? 8 : 12)),
  });

  it('gives the day the cap is reached with the range of days around it', () => {
    // $140 by the 15th and about $9.70 a day after: $232 falls on the 24th, between the 23rd and the 26th.
    expect(runOutOf(steady, 232, '2026-04-15')).toEqual({
      reached: false,
      date: '2026-04-24',
      earliest: '2026-04-23',
      latest: '2026-04-26',
    });
  });

  it('reaches a cap on the last day of the month and never in the next one', () => {
    const constant = aprilOf(() => 10).forecast;
    expect(runOutOf(constant, 300, '2026-04-15').date).toBe('2026-04-30');
    const above = runOutOf(constant, 300.01, '2026-04-15');
    expect(above).toEqual({ reached: false });
  });

  it('leaves the latest day open when the cap may not be reached this period', () => {
    const runOut = runOutOf(steady, (steady.central + (steady.high as number)) / 2, '2026-04-15');
    expect(runOut.date).toBeUndefined();
    expect(runOut.earliest).toBeDefined();
    expect(runOut.latest).toBeUndefined();
  });

  it('says today once the cap is already reached', () => {
    expect(runOutOf(steady, 100, '2026-04-15')).toEqual({
      reached: true,
      date: '2026-04-15',
      earliest: '2026-04-15',
      latest: '2026-04-15',
    });
  });

  it('gives only the central day without enough history', () => {
    const firstDays = forecastPeriod({
      period: '2026-04',
      timezone: 'UTC',
      now: new Date('2026-04-03T00:00:00Z'),
      daily: days('2026-04-01', 2, () => 10),
    });
    expect(runOutOf(firstDays, 100, '2026-04-03')).toEqual({ reached: false, date: '2026-04-10' });
  });
});
