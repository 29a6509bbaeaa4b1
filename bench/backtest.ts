// `npm run backtest`: backtests the forecast of docs/forecasting.md on generated daily histories with
// known shapes and prints, for forecasts made at the start of days 3, 7, 14 and 21, the median absolute
// percentage error of the central forecast against the true month total and how often the truth fell
// inside the P10–P90 range (nominal 80 %). Deterministic: a seeded generator, fixed months.
import { mean, median } from 'simple-statistics';
import { seededRandom } from '../backend/src/demo/random.ts';
import { type DailyValue, forecastPeriod } from '../backend/src/domain/forecast.ts';
import { datesOfPeriod } from '../backend/src/domain/periods.ts';

const FORECAST_DAYS = [3, 7, 14, 21];
const TRIALS = 240;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Multiplicative day-to-day noise with mean 1 and the given coefficient of variation. */
function noise(random: () => number, cv: number): number {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Math.exp(sigma * normal(random) - (sigma * sigma) / 2);
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

type Shape = {
  name: string;
  /** A day's spend; `t` counts days from the first generated day, `monthStart` is the target month's. */
  value: (options: { t: number; date: string; random: () => number; monthStart: number }) => number;
};

const SHAPES: Shape[] = [
  { name: 'steady', value: ({ random }) => 10 * noise(random, 0.25) },
  { name: 'growing', value: ({ t, random }) => (5 + 0.12 * t) * noise(random, 0.2) },
  {
    name: 'weekday-heavy',
    value: ({ date, random }) => ([0, 6].includes(weekday(date)) ? 3 : 12) * noise(random, 0.2),
  },
  { name: 'spiky', value: ({ random }) => 5 * noise(random, 0.3) * (random() < 0.05 ? 10 : 1) },
  { name: 'new user', value: ({ t, monthStart, random }) => (t < monthStart ? 0 : 10 * noise(random, 0.25)) },
];

/** Two months of history before the target month, then the month itself. */
function history(
  shape: Shape,
  month: string,
  random: () => number,
): { daily: DailyValue[]; monthStart: number } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, m - 3, 1));
  const monthStart = Math.round((Date.UTC(year, m - 1, 1) - first.getTime()) / 86_400_000);
  const days = monthStart + datesOfPeriod(month).length;
  const daily: DailyValue[] = [];
  for (let t = 0; t < days; t++) {
    const date = new Date(first.getTime() + t * 86_400_000).toISOString().slice(0, 10);
    daily.push({ date, value: Math.max(0, shape.value({ t, date, random, monthStart })) });
  }
  return { daily, monthStart };
}

type Row = { shape: string; day: number; medianError: number; coverage: number | null; noRange: number };

export function backtest(): Row[] {
  const rows: Row[] = [];
  SHAPES.forEach((shape, shapeIndex) => {
    const errors = new Map<number, number[]>(FORECAST_DAYS.map((d) => [d, []]));
    const covered = new Map<number, number[]>(FORECAST_DAYS.map((d) => [d, []]));
    const noRange = new Map<number, number>(FORECAST_DAYS.map((d) => [d, 0]));
    for (let trial = 0; trial < TRIALS; trial++) {
      const random = seededRandom(1000 * shapeIndex + trial + 1);
      const month = MONTHS[trial % MONTHS.length] as string;
      const { daily } = history(shape, month, random);
      const truth = daily.filter((d) => d.date.startsWith(month)).reduce((s, d) => s + d.value, 0);
      for (const day of FORECAST_DAYS) {
        const now = new Date(`${month}-${String(day).padStart(2, '0')}T00:00:00Z`);
        const seen = daily.filter((d) => d.date < now.toISOString().slice(0, 10));
        const forecast = forecastPeriod({ period: month, timezone: 'UTC', now, daily: seen });
        errors.get(day)?.push(Math.abs(forecast.central - truth) / truth);
        if (forecast.low === undefined || forecast.high === undefined) {
          noRange.set(day, (noRange.get(day) ?? 0) + 1);
          continue;
        }
        covered.get(day)?.push(forecast.low <= truth && truth <= forecast.high ? 1 : 0);
      }
    }
    for (const day of FORECAST_DAYS) {
      const hits = covered.get(day) ?? [];
      rows.push({
        shape: shape.name,
        day,
        medianError: median(errors.get(day) ?? [0]),
        coverage: hits.length > 0 ? mean(hits) : null,
        noRange: (noRange.get(day) ?? 0) / TRIALS,
      });
    }
  });
  return rows;
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
console.log(`Backtest: ${TRIALS} generated months per shape; range P10–P90 (nominal coverage 80 %)\n`);
console.log('| shape | forecast on day | median abs. error | truth inside range | no range |');
console.log('|---|---|---|---|---|');
for (const row of backtest()) {
  const coverage = row.coverage === null ? '—' : pct(row.coverage);
  console.log(`| ${row.shape} | ${row.day} | ${pct(row.medianError)} | ${coverage} | ${pct(row.noRange)} |`);
}
