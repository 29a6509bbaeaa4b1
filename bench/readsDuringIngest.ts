import { apiPath, dashboardDataSchema, livenessSchema, MAX_BATCH_EVENTS } from '@spendscope/contracts';
import { createTokenService } from '../backend/src/auth/tokens.ts';
import { eventBatches } from './events.ts';
import { send } from './http.ts';
import { postBatches } from './ingest.ts';
import { BENCH_SECRET } from './serverProcess.ts';
import { type Latency, latencyOf } from './stats.ts';

export type ReadsDuringIngest = {
  /** Reports of MAX_BATCH_EVENTS events sent, `reportsInFlight` at a time, back to back. */
  reports: number;
  reportsInFlight: number;
  eventsPerSecond: number;
  health: Latency;
  dashboard: Latency;
};

/** Reads one after another until `isDone()`, timing each; every reply is parsed with its contract. */
async function readWhile(
  isDone: () => boolean,
  url: string,
  token: string | undefined,
  check: (body: unknown) => unknown,
): Promise<number[]> {
  const samples: number[] = [];
  while (!isDone()) {
    const started = performance.now();
    const res = await send(url, token ? { token } : {});
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text.slice(0, 200)}`);
    check(JSON.parse(res.text));
    samples.push(elapsed);
  }
  return samples;
}

/**
 * Reads during ingest: full reports (5,000 events over 1,000 users, one of them the user whose
 * dashboard is read, so each report makes that dashboard stale) are posted back to back, two in flight,
 * while one client reads `/api/health` and another that user's dashboard, each one request at a time.
 * What a dashboard user or a load balancer's health check sees while a big reporter is busy.
 */
export async function measureReadsDuringIngest(options: {
  url: string;
  apiKey: string;
  reports: number;
}): Promise<ReadsDuringIngest> {
  const now = Date.now();
  const prefix = 'bench-rdi';
  const userId = `${prefix}-0`;
  const token = await createTokenService(BENCH_SECRET).sign({ userId, role: 'user' });
  const bodies = [
    ...eventBatches(
      { seed: 4, users: 1000, userPrefix: prefix, from: now - 3_600_000, to: now },
      options.reports * MAX_BATCH_EVENTS,
      MAX_BATCH_EVENTS,
    ),
  ].map((events) => ({ body: Buffer.from(JSON.stringify({ events })), events: events.length }));
  // The dashboard exists before the phase starts (the user is created by the first event).
  const first = bodies.shift()!;
  await postBatches({ url: options.url, apiKey: options.apiKey, bodies: [first], concurrency: 1 });

  const reportsInFlight = 2;
  let isDone = false;
  const ingest = postBatches({
    url: options.url,
    apiKey: options.apiKey,
    bodies,
    concurrency: reportsInFlight,
  });
  const [health, dashboard] = await Promise.all([
    readWhile(
      () => isDone,
      `${options.url}/api/health`,
      undefined,
      (b) => livenessSchema.parse(b),
    ),
    readWhile(
      () => isDone,
      `${options.url}${apiPath.dashboard(userId)}`,
      token,
      (b) => dashboardDataSchema.parse(b),
    ),
    ingest.finally(() => {
      isDone = true;
    }),
  ]);
  const run = await ingest;
  return {
    reports: bodies.length,
    reportsInFlight,
    eventsPerSecond: run.eventsPerSecond,
    health: latencyOf(health),
    dashboard: latencyOf(dashboard),
  };
}
