import { billingSocketMessageSchema, usageBatchResponseSchema } from '@spendscope/contracts';
import WebSocket from 'ws';
import { createTokenService } from '../backend/src/auth/tokens.ts';
import { send } from './http.ts';
import { BENCH_SECRET } from './serverProcess.ts';
import { type Latency, latencyOf } from './stats.ts';

type Watcher = { userId: string; calls: number; waiting: Map<number, (at: number) => void> };

const report = async (url: string, apiKey: string, events: unknown[]) => {
  const res = await send(`${url}/api/usage/events`, {
    token: apiKey,
    body: Buffer.from(JSON.stringify({ events })),
  });
  if (res.status !== 200) throw new Error(`report refused with ${res.status}: ${res.text.slice(0, 200)}`);
  return usageBatchResponseSchema.parse(JSON.parse(res.text));
};

/**
 * Report → WebSocket latency: `clients` users each hold one socket on `socketUrl`; reports for one user
 * after another go to `reportUrl` every `intervalMs`, and each sample is the time from sending the report
 * to that user's socket receiving the `usage.updated` that counts it. With two URLs the message crosses
 * processes (PostgreSQL LISTEN/NOTIFY).
 */
export async function measureLive(options: {
  reportUrl: string;
  socketUrl: string;
  apiKey: string;
  clients: number;
  samples: number;
  intervalMs: number;
  prefix: string;
}): Promise<Latency> {
  const tokens = createTokenService(BENCH_SECRET);
  const users = Array.from({ length: options.clients }, (_, i) => `${options.prefix}-${i}`);
  let sequence = 0;
  const call = (userId: string) => ({
    event_id: `${options.prefix}-${Date.now()}-${++sequence}`,
    user_id: userId,
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 100,
    output_tokens: 20,
  });
  await report(options.reportUrl, options.apiKey, users.map(call));

  const watchers: Watcher[] = [];
  const sockets: WebSocket[] = [];
  await Promise.all(
    users.map(async (userId) => {
      const token = await tokens.sign({ userId, role: 'user' });
      const watcher: Watcher = { userId, calls: 0, waiting: new Map() };
      const socket = new WebSocket(`${options.socketUrl.replace(/^http/, 'ws')}/ws/billing/${userId}`, [
        'bearer',
        token,
      ]);
      const initial = new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.on('message', (data) => {
          const at = performance.now();
          const message = billingSocketMessageSchema.parse(JSON.parse(String(data)));
          if (message.type !== 'usage.updated') return;
          watcher.calls = message.data.total_calls;
          resolve();
          for (const [calls, done] of watcher.waiting) {
            if (calls <= watcher.calls) {
              watcher.waiting.delete(calls);
              done(at);
            }
          }
        });
      });
      sockets.push(socket);
      watchers.push(watcher);
      await initial;
    }),
  );

  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const expected = new Map(watchers.map((w) => [w, w.calls]));
  for (let i = 0; i < options.samples; i++) {
    const watcher = watchers[i % watchers.length]!;
    const target = (expected.get(watcher) ?? 0) + 1;
    expected.set(watcher, target);
    const sent = performance.now();
    const arrived = new Promise<number>((resolve) => watcher.waiting.set(target, resolve));
    pending.push(
      (async () => {
        const reply = await report(options.reportUrl, options.apiKey, [call(watcher.userId)]);
        if (reply.accepted !== 1) throw new Error('a live report was not stored');
        const at = await Promise.race([
          arrived,
          new Promise<number>((_, reject) =>
            setTimeout(() => reject(new Error('no update within 10 s')), 10_000),
          ),
        ]);
        latencies.push(at - sent);
      })(),
    );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  await Promise.all(pending);
  for (const socket of sockets) socket.close();
  return latencyOf(latencies);
}
