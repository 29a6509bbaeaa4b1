// The metering gateway's cost: added latency over calling the stand-in upstream directly (plain calls,
// and time to the first chunk of a stream), its throughput, and the server's memory with 1,000 streams
// open at once. The stand-in upstream runs in this process and answers in OpenAI's wire format.
import { Agent, request } from 'undici';
import { type StandIn, startProviderStandIn } from '../backend/test/providerStandIn.ts';
import { startBareProxy } from './bareProxy.ts';
import { cpuMsOf, type ServerProcess } from './serverProcess.ts';
import { type Latency, latencyOf } from './stats.ts';

export type GatewayResult = {
  database: 'sqlite' | 'postgres';
  ranAt: string;
  quick: boolean;
  plain: Compared & {
    /** A bare forwarder (bareProxy.ts): the part of the added latency any HTTP hop costs. */
    bareProxy: Latency;
    bareAddedP50Ms: number;
    bareAddedP99Ms: number;
  };
  firstChunk: Compared;
  /**
   * Plain calls per second through the gateway, `concurrency` in flight, and the server's CPU time per
   * call (all threads): the figure that moves least with what else the machine is doing.
   */
  throughput: { callsPerSecond: number; concurrency: number; calls: number; serverCpuMsPerCall?: number };
  /** Peak server RSS with `streams` streams open through the gateway at once. */
  openStreams: { streams: number; peakRssBytes: number; notOpened: Record<string, number> };
};

const agent = new Agent({ connections: null, keepAliveTimeout: 30_000 });
const BODY = Buffer.from(
  JSON.stringify({ model: 'gpt-4o', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] }),
);
const STREAM_BODY = Buffer.from(
  JSON.stringify({
    model: 'gpt-4o',
    max_tokens: 256,
    stream: true,
    messages: [{ role: 'user', content: 'Hi.' }],
  }),
);

function headersFor(apiKey: string | undefined, user: string) {
  return {
    'content-type': 'application/json',
    authorization: 'Bearer sk-app-openai',
    ...(apiKey ? { 'x-spendscope-key': apiKey, 'x-spendscope-user': user } : {}),
  };
}

/** One plain call; its latency in ms (whole reply read). */
async function plainCall(base: string, apiKey: string | undefined, user: string): Promise<number> {
  const started = performance.now();
  const reply = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: headersFor(apiKey, user),
    body: BODY,
    dispatcher: agent,
  });
  await reply.body.text();
  if (reply.statusCode !== 200) throw new Error(`plain call answered ${reply.statusCode}`);
  return performance.now() - started;
}

/** One streamed call; the time to its first body chunk in ms (the rest is read to the end). */
async function firstChunkOf(base: string, apiKey: string | undefined, user: string): Promise<number> {
  const started = performance.now();
  const reply = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: headersFor(apiKey, user),
    body: STREAM_BODY,
    dispatcher: agent,
  });
  let first: number | undefined;
  for await (const _chunk of reply.body) first ??= performance.now() - started;
  if (reply.statusCode !== 200) throw new Error(`stream answered ${reply.statusCode}`);
  return first ?? performance.now() - started;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type Compared = { direct: Latency; gateway: Latency; addedP50Ms: number; addedP99Ms: number };
type Measure = (base: string, apiKey: string | undefined, user: string) => Promise<number>;

/**
 * Calls direct, through the gateway and (when given) through other forwarders, interleaved one by one
 * so that all see the same machine load; each path's latencies in that order.
 */
async function interleaved(samples: number, measure: Measure, apiKey: string, bases: string[]) {
  const latencies = bases.map(() => [] as number[]);
  // Warm every path (connections, JIT, the price book) before anything is counted.
  for (let i = 0; i < samples + 50; i++) {
    for (const [path, base] of bases.entries()) {
      const ms = await measure(base, path === 0 ? undefined : apiKey, `bench-gw-${i % 50}`);
      if (i >= 50) latencies[path]?.push(ms);
    }
  }
  return latencies.map((ms) => latencyOf(ms));
}

function compared(direct: Latency, gateway: Latency): Compared {
  return {
    direct,
    gateway,
    addedP50Ms: round2(gateway.p50 - direct.p50),
    addedP99Ms: round2(gateway.p99 - direct.p99),
  };
}

/** Runs the gateway phases against `server`, whose upstreams point at `upstream`. */
export async function measureGateway(options: {
  database: GatewayResult['database'];
  server: ServerProcess;
  upstream: StandIn;
  apiKey: string;
  samples: number;
  throughputCalls: number;
  concurrency: number;
  streams: number;
  quick: boolean;
  log: (message: string) => void;
}): Promise<GatewayResult> {
  const ranAt = new Date().toISOString();
  const { server, upstream, apiKey, log } = options;
  const gatewayBase = `${server.url}/gateway/openai`;
  upstream.behavior = 'answer';

  log(`gateway: ${options.samples} plain calls each direct, through a bare proxy and the gateway`);
  const bare = await startBareProxy(upstream.url);
  const [direct, viaGateway, viaBare] = await interleaved(options.samples, plainCall, apiKey, [
    upstream.url,
    gatewayBase,
    bare.url,
  ]).finally(() => bare.stop());
  if (!direct || !viaGateway || !viaBare) throw new Error('a path of the comparison has no figures');
  const plain = {
    ...compared(direct, viaGateway),
    bareProxy: viaBare,
    bareAddedP50Ms: round2(viaBare.p50 - direct.p50),
    bareAddedP99Ms: round2(viaBare.p99 - direct.p99),
  };
  log(
    `gateway: plain added p50 ${plain.addedP50Ms} ms, p99 ${plain.addedP99Ms} ms ` +
      `(a bare proxy: ${plain.bareAddedP50Ms} / ${plain.bareAddedP99Ms} ms)`,
  );
  const [streamDirect, streamGateway] = await interleaved(options.samples, firstChunkOf, apiKey, [
    upstream.url,
    gatewayBase,
  ]);
  if (!streamDirect || !streamGateway) throw new Error('a path of the comparison has no figures');
  const firstChunk = compared(streamDirect, streamGateway);
  log(`gateway: first chunk added p50 ${firstChunk.addedP50Ms} ms, p99 ${firstChunk.addedP99Ms} ms`);

  let next = 0;
  const cpuBefore = cpuMsOf(server.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.throughputCalls) {
        next += 1;
        await plainCall(gatewayBase, apiKey, `bench-gw-tp-${next % 200}`);
      }
    }),
  );
  const callsPerSecond = Math.round(options.throughputCalls / ((performance.now() - started) / 1000));
  const cpuAfter = cpuMsOf(server.pid);
  const serverCpuMsPerCall =
    cpuBefore === undefined || cpuAfter === undefined
      ? undefined
      : round2((cpuAfter - cpuBefore) / options.throughputCalls);
  log(
    `gateway: ${callsPerSecond.toLocaleString('en-US')} calls/s, ${options.concurrency} in flight, ` +
      `server CPU ${serverCpuMsPerCall ?? '?'} ms per call`,
  );

  // Streams that stay open: the stand-in sends a few chunks and holds each until the client leaves.
  upstream.behavior = 'stall-stream';
  const watch = server.watchMemory();
  const controllers = Array.from({ length: options.streams }, () => new AbortController());
  const opened = await Promise.all(
    controllers.map(async (controller, i) => {
      const reply = await request(`${gatewayBase}/v1/chat/completions`, {
        method: 'POST',
        headers: headersFor(apiKey, `bench-gw-open-${i % 200}`),
        body: STREAM_BODY,
        dispatcher: agent,
        signal: controller.signal,
      });
      const reading = (async () => {
        try {
          for await (const _chunk of reply.body) {
            // read and drop
          }
        } catch {
          // aborted below
        }
      })();
      return { status: reply.statusCode, reading };
    }),
  );
  const notOpened: Record<string, number> = {};
  for (const o of opened) if (o.status !== 200) notOpened[o.status] = (notOpened[o.status] ?? 0) + 1;
  // Every stream is open and has sent its first chunks; let the memory settle for a moment, then close.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const peakRssBytes = watch.end();
  for (const controller of controllers) controller.abort();
  await Promise.all(opened.map((o) => o.reading));
  upstream.behavior = 'answer';
  log(
    `gateway: ${options.streams} open streams, peak server RSS ${Math.round(peakRssBytes / 1024 / 1024)} MB`,
  );

  return {
    database: options.database,
    ranAt,
    quick: options.quick,
    plain,
    firstChunk,
    throughput: {
      callsPerSecond,
      concurrency: options.concurrency,
      calls: options.throughputCalls,
      ...(serverCpuMsPerCall === undefined ? {} : { serverCpuMsPerCall }),
    },
    openStreams: { streams: options.streams, peakRssBytes, notOpened },
  };
}

/** Starts the stand-in upstream the gateway phase forwards to, and the env pointing a server at it. */
export async function gatewayUpstream(): Promise<{ upstream: StandIn; env: Record<string, string> }> {
  const upstream = await startProviderStandIn();
  return {
    upstream,
    env: {
      SPENDSCOPE_UPSTREAM_OPENAI: upstream.url,
      SPENDSCOPE_UPSTREAM_ANTHROPIC: upstream.url,
      SPENDSCOPE_UPSTREAM_GEMINI: upstream.url,
      SPENDSCOPE_UPSTREAM_MISTRAL: upstream.url,
      DEFAULT_PLAN: 'enterprise',
    },
  };
}

export function closeGatewayAgent(): Promise<void> {
  return agent.close();
}
