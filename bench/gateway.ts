// The metering gateway's cost: added latency over calling the stand-in upstream directly (plain calls,
// and time to the first chunk of a stream), its throughput, and the server's memory with 1,000 streams
// open at once. The stand-in upstream runs in this process and answers in OpenAI's wire format.
import { Agent, request } from 'undici';
import { type StandIn, startProviderStandIn } from '../backend/test/providerStandIn.ts';
import { cpuMsOf, type ServerProcess } from './serverProcess.ts';
import { type Latency, latencyOf } from './stats.ts';

export type GatewayResult = {
  ranAt: string;
  quick: boolean;
  plain: { direct: Latency; gateway: Latency; addedP50Ms: number; addedP99Ms: number };
  firstChunk: { direct: Latency; gateway: Latency; addedP50Ms: number; addedP99Ms: number };
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

/** Direct and gateway calls interleaved one by one, so both see the same machine load. */
async function compare(
  samples: number,
  measure: (base: string, apiKey: string | undefined, user: string) => Promise<number>,
  upstream: StandIn,
  gatewayBase: string,
  apiKey: string,
) {
  const direct: number[] = [];
  const via: number[] = [];
  // Warm both paths (connections, JIT, the price book) before anything is counted.
  for (let i = 0; i < 50; i++) {
    await measure(upstream.url, undefined, 'bench-gw');
    await measure(gatewayBase, apiKey, `bench-gw-${i % 50}`);
  }
  for (let i = 0; i < samples; i++) {
    direct.push(await measure(upstream.url, undefined, 'bench-gw'));
    via.push(await measure(gatewayBase, apiKey, `bench-gw-${i % 50}`));
  }
  const d = latencyOf(direct);
  const g = latencyOf(via);
  return { direct: d, gateway: g, addedP50Ms: round2(g.p50 - d.p50), addedP99Ms: round2(g.p99 - d.p99) };
}

/** Runs the gateway phases against `server`, whose upstreams point at `upstream`. */
export async function measureGateway(options: {
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

  log(`gateway: ${options.samples} plain calls each direct and through the gateway`);
  const plain = await compare(options.samples, plainCall, upstream, gatewayBase, apiKey);
  log(`gateway: plain added p50 ${plain.addedP50Ms} ms, p99 ${plain.addedP99Ms} ms`);
  const firstChunk = await compare(options.samples, firstChunkOf, upstream, gatewayBase, apiKey);
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
