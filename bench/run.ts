// `npm run bench [-- --quick] [--db sqlite|postgres] [--concurrency N] [--gateway-only]`: measures ingest,
// reads and live updates on SQLite and PostgreSQL, and the metering gateway's added latency, against real
// server processes; prints a table and writes bench/results.json. Never part of `npm test`.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { UsageEventInput } from '@spendscope/contracts';
import { buildServer } from '../backend/build.ts';
import { createTokenService } from '../backend/src/auth/tokens.ts';
import { billingPeriodOf } from '../backend/src/domain/periods.ts';
import { startPgCluster } from '../scripts/pg-cluster.mjs';
import { eventBatches } from './events.ts';
import { closeGatewayAgent, type GatewayResult, gatewayUpstream, measureGateway } from './gateway.ts';
import { closeConnections } from './http.ts';
import { postBatches } from './ingest.ts';
import { measureLive } from './live.ts';
import { measureModelNames } from './modelNames.ts';
import { otlpBodiesOf, postOtlp } from './otlp.ts';
import { rawInsert, rowsOf } from './raw.ts';
import { measureBaseline, measureReads } from './reads.ts';
import { measureReadsDuringIngest } from './readsDuringIngest.ts';
import { type DatabaseResult, printGateway, printTable, writeResults } from './report.ts';
import { BENCH_SECRET, prepareDatabase, type ServerProcess, startServerProcess } from './serverProcess.ts';

type Settings = {
  quick: boolean;
  databases: Array<'sqlite' | 'postgres'>;
  concurrency: number;
  ingestEvents: number;
  heavyFirst: number;
  heavyTotal: number;
  readSamples: number;
  baselineSamples: number;
  liveSamples: number;
  /** Full reports sent in the reads-during-ingest phase. */
  readsDuringIngestReports: number;
  /** Events per variant and round of the old- against current-model-name ingest. */
  modelNameEvents: number;
  modelNameRounds: number;
  /** Run only the gateway phase (its figures replace the gateway's in results.json). */
  gatewayOnly: boolean;
  gatewaySamples: number;
  gatewayThroughputCalls: number;
  gatewayStreams: number;
};

function settingsFrom(args: readonly string[]): Settings {
  const quick = args.includes('--quick');
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const db = value('--db');
  return {
    quick,
    databases: db === 'sqlite' || db === 'postgres' ? [db] : ['sqlite', 'postgres'],
    concurrency: Number(value('--concurrency') ?? 32),
    ingestEvents: quick ? 100_000 : 1_000_000,
    heavyFirst: quick ? 10_000 : 100_000,
    heavyTotal: quick ? 100_000 : 1_000_000,
    readSamples: quick ? 50 : 400,
    baselineSamples: quick ? 5 : 15,
    liveSamples: quick ? 100 : 300,
    readsDuringIngestReports: quick ? 10 : 40,
    modelNameEvents: quick ? 10_000 : 50_000,
    modelNameRounds: quick ? 5 : 7,
    gatewayOnly: args.includes('--gateway-only'),
    gatewaySamples: quick ? 500 : 2000,
    gatewayThroughputCalls: quick ? 2000 : 10_000,
    gatewayStreams: 1000,
  };
}

const BATCH = 1000;
const log = (message: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${message}`);

function bodiesOf(batches: readonly UsageEventInput[][]) {
  return batches.map((events) => ({ body: Buffer.from(JSON.stringify({ events })), events: events.length }));
}

/** Runs `work` while sampling the server's resident memory; returns its result and the peak. */
async function withPeakRss<T>(server: ServerProcess, work: () => Promise<T>): Promise<[T, number]> {
  const watch = server.watchMemory();
  const result = await work();
  return [result, watch.end()];
}

/**
 * The ingest phases: random ids, time-ordered ids, and the raw insert of the same rows. Their million
 * events live only while this runs, so the client's garbage collector does not pause the read phases
 * that follow (its pauses would count as server latency).
 */
async function ingestPhases(
  server: ServerProcess,
  target: string,
  apiKey: string,
  settings: Settings,
  fresh: () => Promise<string>,
  memory: Record<string, number>,
) {
  const now = Date.now();
  // Ingest: live traffic of 1,000 users (calls of the last hour), random UUID event ids, as apps send them.
  const batches = [
    ...eventBatches(
      { seed: 1, users: 1000, userPrefix: 'bench-user', from: now - 3_600_000, to: now },
      settings.ingestEvents,
      BATCH,
    ),
  ];
  log(
    `ingest: ${settings.ingestEvents.toLocaleString('en-US')} events over HTTP, ${settings.concurrency} reports in flight`,
  );
  const [ingest, ingestRss] = await withPeakRss(server, () =>
    postBatches({ url: server.url, apiKey, bodies: bodiesOf(batches), concurrency: settings.concurrency }),
  );
  memory.ingest = ingestRss;
  log(`ingest: ${Math.round(ingest.eventsPerSecond).toLocaleString('en-US')} events/s`);

  // The same traffic again with time-ordered (UUIDv7) event ids, into the same database.
  const ordered = [
    ...eventBatches(
      {
        seed: 3,
        ids: 'time-ordered',
        users: 1000,
        userPrefix: 'bench-user',
        from: now - 3_600_000,
        to: now,
      },
      settings.ingestEvents,
      BATCH,
    ),
  ];
  const [orderedIngest, orderedRss] = await withPeakRss(server, () =>
    postBatches({ url: server.url, apiKey, bodies: bodiesOf(ordered), concurrency: settings.concurrency }),
  );
  memory['ingest, time-ordered ids'] = orderedRss;
  log(
    `ingest with time-ordered ids: ${Math.round(orderedIngest.eventsPerSecond).toLocaleString('en-US')} events/s`,
  );

  log(
    `model names: ${settings.modelNameRounds} rounds of ${settings.modelNameEvents.toLocaleString('en-US')} events with 2024 and with current names`,
  );
  const modelNames = await measureModelNames({
    url: server.url,
    apiKey,
    target,
    events: settings.modelNameEvents,
    rounds: settings.modelNameRounds,
    batchSize: BATCH,
    concurrency: settings.concurrency,
    bodiesOf,
  });
  log(
    `model names: old ${Math.round(modelNames.medianOldEventsPerSecond).toLocaleString('en-US')}, current ${Math.round(modelNames.medianCurrentEventsPerSecond).toLocaleString('en-US')} events/s, median ratio ${modelNames.medianRatio.toFixed(3)}`,
  );

  const otlp = await otlpPhases(server, apiKey, settings, now);

  log('raw: the same rows in one transaction into an empty database');
  const rawTarget = await fresh();
  const rows = await rowsOf(rawTarget, batches);
  batches.length = 0;
  const raw = await rawInsert(rawTarget, rows);
  log(`raw: ${Math.round(raw.rowsPerSecond).toLocaleString('en-US')} rows/s`);
  return { ingest, orderedIngest, raw, otlp, modelNames };
}

/**
 * OTLP ingest beside the native API on the same traffic: the same generator and count, the events
 * posted natively, then as GenAI spans in OTLP/HTTP protobuf and JSON exports (one per batch).
 */
async function otlpPhases(server: ServerProcess, apiKey: string, settings: Settings, now: number) {
  const events = settings.quick ? 20_000 : 100_000;
  const batchesOf = (seed: number) => [
    ...eventBatches(
      { seed, users: 1000, userPrefix: 'bench-otlp', from: now - 3_600_000, to: now },
      events,
      BATCH,
    ),
  ];
  log(`otlp: ${events.toLocaleString('en-US')} calls each natively, as OTLP protobuf and as OTLP JSON`);
  const concurrency = settings.concurrency;
  const native = await postBatches({ url: server.url, apiKey, bodies: bodiesOf(batchesOf(11)), concurrency });
  const protobuf = await postOtlp({
    url: server.url,
    apiKey,
    encoding: 'protobuf',
    bodies: otlpBodiesOf(batchesOf(12), 'protobuf'),
    concurrency,
  });
  const json = await postOtlp({
    url: server.url,
    apiKey,
    encoding: 'json',
    bodies: otlpBodiesOf(batchesOf(13), 'json'),
    concurrency,
  });
  const rate = (r: { eventsPerSecond: number }) => Math.round(r.eventsPerSecond).toLocaleString('en-US');
  log(`otlp: native ${rate(native)}, protobuf ${rate(protobuf)}, JSON ${rate(json)} events (spans)/s`);
  return { events, native, protobuf, json };
}

async function benchDatabase(
  name: 'sqlite' | 'postgres',
  settings: Settings,
  fresh: () => Promise<string>,
): Promise<DatabaseResult> {
  console.log(`\n▶ ${name}`);
  const target = await fresh();
  const apiKey = await prepareDatabase(target);
  const server = await startServerProcess(target);
  const memory: Record<string, number> = {};
  const now = Date.now();
  const monthStart = new Date(new Date(now).toISOString().slice(0, 7)).getTime();
  try {
    const { ingest, orderedIngest, raw, otlp, modelNames } = await ingestPhases(
      server,
      target,
      apiKey,
      settings,
      fresh,
      memory,
    );

    // Reads: one user's events grow from heavyFirst to heavyTotal; reads must not grow with them.
    const heavy = { seed: 2, users: 1, userPrefix: 'bench-heavy', from: monthStart, to: now };
    const heavyUser = 'bench-heavy-0';
    const token = await createTokenService(BENCH_SECRET).sign({ userId: heavyUser, role: 'user' });
    const periods = Array.from({ length: 6 }, (_, i) => {
      const d = new Date(now);
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - 5 + i);
      return billingPeriodOf(d.getTime(), 'UTC');
    });
    // Made part by part, so no more than one part's events are alive while reads are timed.
    const heavyBatches = eventBatches(heavy, settings.heavyTotal, BATCH);
    const reads = [];
    let sent = 0;
    for (const upTo of [settings.heavyFirst, settings.heavyTotal]) {
      const part = () => Array.from({ length: (upTo - sent) / BATCH }, () => heavyBatches.next().value ?? []);
      log(`reads: one user's events to ${upTo.toLocaleString('en-US')} over HTTP`);
      const [load, loadRss] = await withPeakRss(server, () =>
        postBatches({ url: server.url, apiKey, bodies: bodiesOf(part()), concurrency: settings.concurrency }),
      );
      memory[`load ${upTo}`] = loadRss;
      sent = upTo;
      const [latency, readRss] = await withPeakRss(server, () =>
        measureReads({ url: server.url, apiKey, token, userId: heavyUser, samples: settings.readSamples }),
      );
      memory[`reads ${upTo}`] = readRss;
      const baseline = await measureBaseline({
        target,
        userId: heavyUser,
        periods,
        samples: settings.baselineSamples,
      });
      log(`reads at ${upTo}: dashboard p99 ${latency.dashboard.p99} ms, baseline p99 ${baseline.p99} ms`);
      reads.push({ events: upTo, ...latency, baseline, singleUserIngest: load.eventsPerSecond });
    }

    log('live: report → WebSocket, 100 clients');
    const [live, liveRss] = await withPeakRss(server, () =>
      measureLive({
        reportUrl: server.url,
        socketUrl: server.url,
        apiKey,
        clients: 100,
        samples: settings.liveSamples,
        intervalMs: 20,
        prefix: 'bench-live',
      }),
    );
    memory.live = liveRss;

    log(
      `reads during ingest: health and dashboard while ${settings.readsDuringIngestReports} reports of 5,000 events arrive`,
    );
    const [readsDuringIngest, readsDuringIngestRss] = await withPeakRss(server, () =>
      measureReadsDuringIngest({ url: server.url, apiKey, reports: settings.readsDuringIngestReports }),
    );
    memory['reads during ingest'] = readsDuringIngestRss;
    log(
      `reads during ingest: health p99 ${readsDuringIngest.health.p99} ms, dashboard p99 ${readsDuringIngest.dashboard.p99} ms`,
    );
    let liveAcross: DatabaseResult['liveAcrossProcesses'];
    if (name === 'postgres') {
      log('live: report to process A → WebSocket on process B, 100 clients');
      const second = await startServerProcess(target);
      try {
        liveAcross = await measureLive({
          reportUrl: server.url,
          socketUrl: second.url,
          apiKey,
          clients: 100,
          samples: settings.liveSamples,
          intervalMs: 20,
          prefix: 'bench-across',
        });
      } finally {
        await second.stop();
      }
    }
    return {
      database: name,
      ingest: { ...ingest, concurrency: settings.concurrency, batchSize: BATCH },
      ingestTimeOrdered: orderedIngest,
      otlp,
      modelNames,
      raw,
      ratio: ingest.eventsPerSecond / raw.rowsPerSecond,
      reads,
      live,
      ...(liveAcross ? { liveAcrossProcesses: liveAcross } : {}),
      readsDuringIngest,
      peakRssBytes: memory,
    };
  } catch (error) {
    console.error(`\nServer output:\n${server.output().slice(-5000)}`);
    throw error;
  } finally {
    await server.stop();
  }
}

/**
 * The gateway phase on one database: its own server process over a fresh SQLite file or PostgreSQL
 * database (durable settings), upstreams on a local stand-in.
 */
async function benchGateway(settings: Settings, database: 'sqlite' | 'postgres'): Promise<GatewayResult> {
  console.log(`\n▶ gateway (${database})`);
  const dir = mkdtempSync(join(tmpdir(), 'spendscope-bench-gw-'));
  const cluster = database === 'postgres' ? await startPgCluster({ durable: true }) : undefined;
  const { upstream, env } = await gatewayUpstream();
  let server: ServerProcess | undefined;
  try {
    const target = cluster ? await cluster.createDatabase('bench_gateway') : join(dir, 'gateway.db');
    const apiKey = await prepareDatabase(target);
    server = await startServerProcess(target, env);
    return await measureGateway({
      database,
      server,
      upstream,
      apiKey,
      samples: settings.gatewaySamples,
      throughputCalls: settings.gatewayThroughputCalls,
      concurrency: settings.concurrency,
      streams: settings.gatewayStreams,
      quick: settings.quick,
      log,
    });
  } catch (error) {
    if (server) console.error(`\nServer output:\n${server.output().slice(-5000)}`);
    throw error;
  } finally {
    await server?.stop();
    await upstream.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const started = Date.now();
  console.log(
    `Spendscope benchmark${settings.quick ? ' (quick)' : ''}: ${cpus().length} cores, ${settings.databases.join(' and ')}`,
  );
  // The server as `npm start` runs it, built from the sources as they are now.
  await buildServer();
  const results: DatabaseResult[] = [];
  for (const name of settings.gatewayOnly ? [] : settings.databases) {
    if (name === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'spendscope-bench-'));
      let n = 0;
      try {
        results.push(await benchDatabase('sqlite', settings, async () => join(dir, `bench-${++n}.db`)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      // PostgreSQL's durable defaults (fsync and synchronous commit on), as in production.
      const cluster = await startPgCluster({ durable: true });
      let n = 0;
      try {
        results.push(await benchDatabase('postgres', settings, () => cluster.createDatabase(`bench_${++n}`)));
      } finally {
        cluster.stop();
      }
    }
  }
  const gateways: GatewayResult[] = [];
  for (const name of settings.databases) gateways.push(await benchGateway(settings, name));
  await closeGatewayAgent();
  closeConnections();
  const seconds = Math.round((Date.now() - started) / 1000);
  if (results.length > 0) printTable(results);
  for (const gateway of gateways) printGateway(gateway);
  const file = writeResults({
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      node: process.version,
    },
    quick: settings.quick,
    ranAt: new Date(started).toISOString(),
    durationSeconds: seconds,
    results,
    gateway: gateways,
  });
  console.log(`\nWrote ${file} (${seconds} s).`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
