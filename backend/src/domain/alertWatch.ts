import type { UsageAlert } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { insertNewAlerts } from '../db/alerts.ts';
import { unpricedModels } from '../db/dailyHistory.ts';
import type { Database } from '../db/schema.ts';
import { anomalyAlerts, projectedLimitAlerts, unpricedModelAlerts } from './forecastAlerts.ts';
import { forecastHistory } from './forecastHistory.ts';
import { billingPeriodOf, localDateOf } from './periods.ts';
import { projectCosts } from './projections.ts';
import { loadUserAndPlan } from './usageStats.ts';

const DAY_MS = 86_400_000;
const MAX_REMEMBERED_USERS = 100_000;
/**
 * After each evaluation the watch rests this many times as long as the evaluation took, so that it
 * takes at most a tenth of the event loop however many users are due: a burst of reports from a
 * thousand users otherwise queued a thousand evaluations back to back beside the requests.
 */
export const REST_PER_WORK = 9;
/** The longest rest after one evaluation. */
const MAX_REST_MS = 2_000;

/**
 * Evaluates the forecast and anomaly alerts of one user at `now` (their current period, today and
 * yesterday) and stores the new ones through the alert store's one insert; returns those created.
 */
export async function evaluateForecastAlerts(options: {
  db: Kysely<Database>;
  userId: string;
  now: Date;
}): Promise<UsageAlert[]> {
  const { db, userId, now } = options;
  const { user, plan } = await loadUserAndPlan(db, userId);
  const timezone = user.timezone;
  const period = billingPeriodOf(now.getTime(), timezone);
  const [daily, unpriced] = await Promise.all([
    forecastHistory({ db, userId, timezone, period, now }),
    unpricedModels(db, { userId, period }),
  ]);
  const today = localDateOf(now.getTime(), timezone);
  const yesterday = localDateOf(now.getTime() - DAY_MS, timezone);
  let costSoFarNano = 0;
  for (const row of daily) if (row.day.startsWith(period)) costSoFarNano += row.cost_nano;
  const projection = projectCosts({ period, timezone, now, costSoFarNano, limits: plan.limits, daily });
  const candidates = [
    ...projectedLimitAlerts({
      userId,
      period,
      hasHistory: projection.forecast_basis === 'history',
      forecasts: projection.limit_forecasts ?? [],
    }),
    ...anomalyAlerts({ userId, dates: [yesterday, today], daily }),
    ...unpricedModelAlerts({ userId, period, models: unpriced }),
  ];
  if (candidates.length === 0) return [];
  return db.transaction().execute((trx) => insertNewAlerts(trx, candidates, now.getTime()));
}

export type AlertWatchOptions = {
  db: Kysely<Database>;
  clock: () => Date;
  /** Least time between two evaluations of one user (ms); reports in between wait for the next. */
  intervalMs: number;
  /** Told of every alert created (after its commit), e.g. to publish it to the live views. */
  onCreated(alerts: UsageAlert[]): void;
  onError?(error: unknown): void;
  /** Reads a monotonic clock in ms (default `performance.now`); the rest is measured with it. */
  elapsed?: () => number;
};

/**
 * Runs the forecast and anomaly alerts off the request path: a committed report notes its users; each
 * user is evaluated at most once per `intervalMs` (the first report at once, later ones together at the
 * end of the interval), one user at a time, so a busy user costs one evaluation a minute however many
 * reports they send. State is this process's: several processes may each evaluate a user, and the alert
 * store's unique key keeps every alert once.
 */
export class AlertWatch {
  private readonly lastRunAt = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly due = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private isClosed = false;
  /** Ends the rest under way early (flush and close do not wait for it). */
  private wake: (() => void) | undefined;
  private isFlushing = false;

  constructor(private readonly options: AlertWatchOptions) {}

  /** A committed report touched these users. */
  note(userIds: Iterable<string>): void {
    if (this.isClosed) return;
    // Bounded: forgetting when users were last evaluated only lets one be evaluated early once.
    if (this.lastRunAt.size > MAX_REMEMBERED_USERS) this.lastRunAt.clear();
    for (const userId of userIds) {
      if (this.timers.has(userId) || this.due.has(userId)) continue;
      const wait = Math.max(
        0,
        (this.lastRunAt.get(userId) ?? -Infinity) + this.options.intervalMs - Date.now(),
      );
      const timer = setTimeout(() => {
        this.timers.delete(userId);
        this.enqueue(userId);
      }, wait);
      timer.unref?.();
      this.timers.set(userId, timer);
    }
  }

  /** Evaluates every user noted and not yet evaluated, now, and waits for it (tests, shutdown). */
  async flush(): Promise<void> {
    for (const [userId, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(userId);
      this.enqueue(userId);
    }
    this.isFlushing = true;
    this.wake?.();
    try {
      await this.chain;
    } finally {
      this.isFlushing = false;
    }
  }

  /** Stops evaluating; waits for an evaluation under way. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.wake?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.due.clear();
    await this.chain;
  }

  private enqueue(userId: string): void {
    if (this.due.has(userId)) return;
    this.due.add(userId);
    this.chain = this.chain.then(async () => {
      this.due.delete(userId);
      if (this.isClosed) return;
      this.lastRunAt.set(userId, Date.now());
      const elapsed = this.options.elapsed ?? (() => performance.now());
      const started = elapsed();
      try {
        const created = await evaluateForecastAlerts({
          db: this.options.db,
          userId,
          now: this.options.clock(),
        });
        if (created.length > 0) this.options.onCreated(created);
      } catch (error) {
        this.options.onError?.(error);
      }
      await this.rest(Math.min(MAX_REST_MS, (elapsed() - started) * REST_PER_WORK));
    });
  }

  /** Waits `ms` before the next evaluation, unless flushing or closing. */
  private rest(ms: number): Promise<void> {
    if (ms <= 0 || this.isFlushing || this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake = done;
    });
  }
}
