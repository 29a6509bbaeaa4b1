import { usageBatchResponseSchema } from '@spendscope/contracts';
import { send } from './http.ts';

export type IngestRun = { events: number; seconds: number; eventsPerSecond: number };

/**
 * Posts prepared report bodies to `/api/usage/events`, `concurrency` requests in flight, and times the
 * whole stream from the first request to the last reply. Every event must be accepted.
 */
export async function postBatches(options: {
  url: string;
  apiKey: string;
  bodies: ReadonlyArray<{ body: Buffer; events: number }>;
  concurrency: number;
}): Promise<IngestRun> {
  let next = 0;
  let events = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.bodies.length) {
      const item = options.bodies[next++]!;
      const res = await send(`${options.url}/api/usage/events`, { token: options.apiKey, body: item.body });
      if (res.status !== 200) throw new Error(`report refused with ${res.status}: ${res.text.slice(0, 300)}`);
      const reply = usageBatchResponseSchema.parse(JSON.parse(res.text));
      if (reply.rejected.length > 0 || reply.accepted + reply.duplicates !== item.events) {
        throw new Error(`report not stored whole: ${res.text.slice(0, 300)}`);
      }
      events += reply.accepted;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds };
}
