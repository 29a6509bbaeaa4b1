import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayResult } from './gateway.ts';
import type { IngestRun } from './ingest.ts';
import type { ModelNamesResult } from './modelNames.ts';
import type { RawRun } from './raw.ts';
import type { ReadLatency } from './reads.ts';
import type { ReadsDuringIngest } from './readsDuringIngest.ts';
import type { Latency } from './stats.ts';

export type ReadsAt = ReadLatency & {
  /** Events of the one user read. */
  events: number;
  baseline: Latency & { calls: number };
  /** Events/s while that user's events were loaded (one user per report). */
  singleUserIngest: number;
};

export type DatabaseResult = {
  database: 'sqlite' | 'postgres';
  ingest: IngestRun & { concurrency: number; batchSize: number };
  /** The same traffic with time-ordered (UUIDv7) event ids. */
  ingestTimeOrdered: IngestRun;
  /** The same calls natively and as OTLP/HTTP GenAI spans, protobuf and JSON. */
  otlp?: { events: number; native: IngestRun; protobuf: IngestRun; json: IngestRun };
  /** Ingest with 2024 model names against current names (catalog rules), interleaved rounds. */
  modelNames?: ModelNamesResult;
  raw: RawRun;
  /** HTTP ingest rate ÷ raw single-transaction insert rate. */
  ratio: number;
  reads: ReadsAt[];
  live: Latency;
  liveAcrossProcesses?: Latency;
  /** /api/health and dashboard latency while full reports arrive back to back. */
  readsDuringIngest: ReadsDuringIngest;
  /** Peak server RSS per phase, bytes. */
  peakRssBytes: Record<string, number>;
};

export type BenchResults = {
  machine: { cores: number; cpu: string; memoryBytes: number; node: string };
  quick: boolean;
  ranAt: string;
  durationSeconds: number;
  results: DatabaseResult[];
  /** The metering gateway against a stand-in upstream, per database. */
  gateway?: GatewayResult[];
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (l: Latency, a: 'p50' | 'p95' | 'p99', b: 'p50' | 'p95' | 'p99') => `${l[a]} / ${l[b]}`;
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

/** The rows of the summary table: a label and one cell per database. */
function rows(results: readonly DatabaseResult[]): Array<[string, ...string[]]> {
  const cell = (f: (r: DatabaseResult) => string) => results.map((r) => f(r));
  const first = (r: DatabaseResult) => r.reads[0]!;
  const last = (r: DatabaseResult) => r.reads[r.reads.length - 1]!;
  return [
    ['ingest over HTTP, events/s', ...cell((r) => int(r.ingest.eventsPerSecond))],
    [
      'ingest, current model names ÷ 2024 names (median)',
      ...cell((r) => (r.modelNames ? r.modelNames.medianRatio.toFixed(3) : '—')),
    ],
    [
      'OTLP protobuf, spans/s (native on the same calls)',
      ...cell((r) =>
        r.otlp ? `${int(r.otlp.protobuf.eventsPerSecond)} (${int(r.otlp.native.eventsPerSecond)})` : '—',
      ),
    ],
    ['OTLP JSON, spans/s', ...cell((r) => (r.otlp ? int(r.otlp.json.eventsPerSecond) : '—'))],
    ['raw insert, one transaction, rows/s', ...cell((r) => int(r.raw.rowsPerSecond))],
    ['ingest ÷ raw', ...cell((r) => ratio(r.ratio))],
    ['ingest, time-ordered (UUIDv7) ids, events/s', ...cell((r) => int(r.ingestTimeOrdered.eventsPerSecond))],
    ['ingest, one user per report, events/s', ...cell((r) => int(last(r).singleUserIngest))],
    ...(['dashboard', 'usage'] as const).flatMap(
      (read): Array<[string, ...string[]]> => [
        [
          `${read} p50 / p99 ms, ${int(results[0]!.reads[0]!.events)} events`,
          ...cell((r) => ms(first(r)[read], 'p50', 'p99')),
        ],
        [
          `${read} p50 / p99 ms, ${int(results[0]!.reads.at(-1)!.events)} events`,
          ...cell((r) => ms(last(r)[read], 'p50', 'p99')),
        ],
        [`${read} p99 growth (large ÷ small)`, ...cell((r) => ratio(last(r)[read].p99 / first(r)[read].p99))],
      ],
    ),
    ['dashboard cached p50 / p99 ms (large)', ...cell((r) => ms(last(r).dashboardCached, 'p50', 'p99'))],
    ['baseline p50 / p99 ms (small)', ...cell((r) => ms(first(r).baseline, 'p50', 'p99'))],
    ['baseline p50 / p99 ms (large)', ...cell((r) => ms(last(r).baseline, 'p50', 'p99'))],
    [
      'dashboard p99 ÷ baseline p99 (large)',
      ...cell((r) => ratio(last(r).dashboard.p99 / last(r).baseline.p99)),
    ],
    [
      'times faster than baseline (p99, large)',
      ...cell((r) => int(last(r).baseline.p99 / last(r).dashboard.p99)),
    ],
    [
      'reads during ingest: health p50 / p99 ms',
      ...cell((r) => ms(r.readsDuringIngest.health, 'p50', 'p99')),
    ],
    [
      'reads during ingest: dashboard p50 / p99 ms',
      ...cell((r) => ms(r.readsDuringIngest.dashboard, 'p50', 'p99')),
    ],
    [
      'reads during ingest: events/s (5,000-event reports, 2 in flight)',
      ...cell((r) => int(r.readsDuringIngest.eventsPerSecond)),
    ],
    ['live report → socket p50 / p95 ms, 100 clients', ...cell((r) => ms(r.live, 'p50', 'p95'))],
    [
      'live across two processes p50 / p95 ms',
      ...cell((r) => (r.liveAcrossProcesses ? ms(r.liveAcrossProcesses, 'p50', 'p95') : '—')),
    ],
    ...Object.keys(results[0]?.peakRssBytes ?? {}).map((phase): [string, ...string[]] => [
      `peak server RSS MB, ${phase}`,
      ...cell((r) => int((r.peakRssBytes[phase] ?? 0) / 1024 / 1024)),
    ]),
  ];
}

/** This run's gateway figures, and the previous ones of databases it did not run (an older file held one). */
function mergedGateway(
  ran: readonly GatewayResult[],
  previous: GatewayResult | GatewayResult[] | undefined,
): GatewayResult[] {
  const before = (Array.isArray(previous) ? previous : previous ? [previous] : []).map((g) => ({
    ...g,
    database: g.database ?? 'sqlite',
  }));
  const databases = new Set(ran.map((g) => g.database));
  return [...ran, ...before.filter((g) => !databases.has(g.database))];
}

/** Prints the gateway's figures. */
export function printGateway(g: GatewayResult): void {
  const lines: Array<[string, string]> = [
    ['plain call p50 / p99 ms, direct', ms(g.plain.direct, 'p50', 'p99')],
    ['plain call p50 / p99 ms, through the gateway', ms(g.plain.gateway, 'p50', 'p99')],
    ['plain call added p50 / p99 ms', `${g.plain.addedP50Ms} / ${g.plain.addedP99Ms}`],
    [
      'plain call added p50 / p99 ms by a bare proxy',
      g.plain.bareProxy ? `${g.plain.bareAddedP50Ms} / ${g.plain.bareAddedP99Ms}` : 'not measured',
    ],
    ['stream first chunk p50 / p99 ms, direct', ms(g.firstChunk.direct, 'p50', 'p99')],
    ['stream first chunk p50 / p99 ms, through the gateway', ms(g.firstChunk.gateway, 'p50', 'p99')],
    ['stream first chunk added p50 / p99 ms', `${g.firstChunk.addedP50Ms} / ${g.firstChunk.addedP99Ms}`],
    [`gateway calls/s, ${g.throughput.concurrency} in flight`, int(g.throughput.callsPerSecond)],
    ['server CPU ms per gateway call', String(g.throughput.serverCpuMsPerCall ?? 'not measured')],
    [
      `peak server RSS MB, ${int(g.openStreams.streams)} open streams`,
      int(g.openStreams.peakRssBytes / 1024 / 1024),
    ],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  console.log(`\ngateway (${g.database})`);
  for (const [label, value] of lines) console.log(`  ${label.padEnd(width)}  ${value}`);
}

/** Prints the summary as an aligned text table. */
export function printTable(results: readonly DatabaseResult[]): void {
  const table: string[][] = [['', ...results.map((r) => r.database)], ...rows(results)];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  console.log('');
  for (const row of table) {
    console.log(
      row.map((text, c) => (c === 0 ? text.padEnd(widths[c]!) : text.padStart(widths[c]!))).join('   '),
    );
  }
}

/**
 * Writes bench/results.json (through a temporary file, so a run cut short leaves the old one whole).
 * A run of one database replaces only that database's figures; the others already there are kept.
 */
export function writeResults(results: BenchResults): string {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchResults>) : {};
  const ran = new Set(results.results.map((r) => r.database));
  const kept = (previous.results ?? []).filter((r) => !ran.has(r.database));
  // A gateway-only run leaves the databases' figures, and the run they came from, as they were.
  const base = results.results.length === 0 && previous.ranAt ? { ...results, ...previous } : results;
  const merged: BenchResults = {
    ...base,
    results: [...results.results, ...kept],
    gateway: mergedGateway(results.gateway ?? [], previous.gateway),
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}
