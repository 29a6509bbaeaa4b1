import { randomUUID } from 'node:crypto';
import {
  alertsResponseSchema,
  apiPath,
  billingSocketMessageSchema,
  dashboardDataSchema,
  eventsPageSchema,
  PROVIDERS,
  providerDetailsSchema,
  usageBatchResponseSchema,
  usageCheckResponseSchema,
  usageStatsSchema,
  usageTrendsSchema,
} from '@spendscope/contracts';
import WebSocket from 'ws';
import type { z } from 'zod';
import { randomCall } from '../demo/calls.ts';
import { pick, seededRandom } from '../demo/random.ts';
import { createLatencyHistogram, type LatencyHistogram, recordLatency } from '../monitoring/latency.ts';

/** What one kind of traffic did: how many, how many failed (with the first few reasons), and latency. */
export type Tally = { count: number; errors: number; reasons: string[]; latency: LatencyHistogram };

export const newTally = (): Tally => ({
  count: 0,
  errors: 0,
  reasons: [],
  latency: createLatencyHistogram(),
});

function fail(tally: Tally, reason: string): void {
  tally.errors++;
  if (tally.reasons.length < 5) tally.reasons.push(reason);
}

export type Target = {
  url: string;
  apiKey: string;
  users: readonly string[];
  tokens: ReadonlyMap<string, string>;
  /** Loops stop once this returns true. */
  isOver: () => boolean;
};

const READS: ReadonlyArray<{ path: (userId: string) => string; schema: z.ZodType }> = [
  { path: (u) => apiPath.dashboard(u), schema: dashboardDataSchema },
  { path: (u) => apiPath.usage(u), schema: usageStatsSchema },
  { path: (u) => `${apiPath.trends(u)}?months=6`, schema: usageTrendsSchema },
  { path: (u) => apiPath.providerDetails(u, 'openai'), schema: providerDetailsSchema },
  { path: (u) => apiPath.alerts(u), schema: alertsResponseSchema },
  { path: (u) => `${apiPath.events(u)}?limit=50`, schema: eventsPageSchema },
];

/** Sends one request, checks the status and the reply's contract, and records it. */
async function timed<S extends z.ZodType>(
  tally: Tally,
  request: () => Promise<Response>,
  schema: S,
  what: string,
): Promise<z.output<S> | undefined> {
  const started = performance.now();
  try {
    const response = await request();
    const text = await response.text();
    recordLatency(tally.latency, performance.now() - started);
    tally.count++;
    if (response.status !== 200) {
      fail(tally, `${what}: HTTP ${response.status} ${text.slice(0, 120)}`);
      return undefined;
    }
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) fail(tally, `${what}: reply does not match its contract`);
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    tally.count++;
    fail(tally, `${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** A dashboard user: reads their own pages one after another, as fast as the server answers. */
export async function readLoop(target: Target, tally: Tally, seed: number): Promise<void> {
  const random = seededRandom(seed);
  while (!target.isOver()) {
    const userId = pick(random, target.users);
    const read = pick(random, READS);
    const token = target.tokens.get(userId) ?? '';
    await timed(
      tally,
      () => fetch(`${target.url}${read.path(userId)}`, { headers: { authorization: `Bearer ${token}` } }),
      read.schema,
      read.path('USER'),
    );
  }
}

/** An app: reports a batch of calls, then asks whether a call may go ahead, in turn. */
export async function reportLoop(
  target: Target,
  tallies: { report: Tally; check: Tally },
  options: { seed: number; batchSize: number },
): Promise<void> {
  const random = seededRandom(options.seed);
  const headers = { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' };
  while (!target.isOver()) {
    const events = Array.from({ length: options.batchSize }, () => ({
      ...randomCall(random, pick(random, PROVIDERS)),
      event_id: randomUUID(),
      user_id: pick(random, target.users),
    }));
    const reply = await timed(
      tallies.report,
      () =>
        fetch(`${target.url}/api/usage/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ events }),
        }),
      usageBatchResponseSchema,
      'report',
    );
    if (reply && reply.accepted !== events.length) {
      fail(tallies.report, `report: ${reply.accepted} of ${events.length} accepted`);
    }
    const check = {
      user_id: pick(random, target.users),
      provider: 'openai',
      model: 'gpt-4o',
      input_tokens: 500,
    };
    await timed(
      tallies.check,
      () => fetch(`${target.url}/api/usage/check`, { method: 'POST', headers, body: JSON.stringify(check) }),
      usageCheckResponseSchema,
      'check',
    );
  }
}

/** A live dashboard: one WebSocket that must stay open and only receive valid messages until `close`. */
export function openLiveClient(target: Target, userId: string, tally: Tally): { close(): Promise<void> } {
  const url = `${target.url.replace(/^http/, 'ws')}${apiPath.billingSocket(userId)}`;
  const socket = new WebSocket(url, ['bearer', target.tokens.get(userId) ?? '']);
  let isClosing = false;
  socket.on('message', (data) => {
    tally.count++;
    const parsed = billingSocketMessageSchema.safeParse(JSON.parse(String(data)));
    if (!parsed.success) fail(tally, 'socket: message does not match its contract');
  });
  socket.on('unexpected-response', (_req, res) =>
    fail(tally, `socket: handshake refused (${res.statusCode})`),
  );
  socket.on('error', (error) => fail(tally, `socket: ${error.message}`));
  socket.on('close', (code) => {
    if (!isClosing) fail(tally, `socket closed by the server (${code})`);
  });
  return {
    close: () =>
      new Promise((resolve) => {
        isClosing = true;
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}
