import { MAX_BATCH_EVENTS, usageBatchResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_CHUNK } from '../src/domain/export.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

const NOW = new Date('2026-11-20T12:00:00Z');

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: () => NOW });
  const events = Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => ({
    event_id: `csv-loop-${i}`,
    user_id: 'csv-loop',
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 100 + i,
    output_tokens: 20,
    endpoint: '/v1/chat/completions',
    occurred_at: new Date(NOW.getTime() - 3_600_000 + i * 500).toISOString(),
  }));
  const reply = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
  expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(MAX_BATCH_EVENTS);
});
afterAll(() => t.close());

describe('the event loop while a CSV export streams', () => {
  it('lets the event loop turn between pages, so a health check sent during a 5,000-row export is answered before it ends', async () => {
    const token = await t.tokenFor('csv-loop');
    // One tick per turn of the event loop (each tick schedules the next) while the export runs.
    let turns = 0;
    let isDone = false;
    const tick = () => {
      turns++;
      if (!isDone) setImmediate(tick);
    };
    setImmediate(tick);
    const response = await fetch(`${t.url}/api/billing/usage/csv-loop/events/export.csv?period=2026-11`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const order: string[] = [];
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    let lines = new TextDecoder().decode(first.value).split('\n').length - 1;
    const health = call(t.url, '/api/health').then((reply) => {
      order.push('health');
      return reply;
    });
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      lines += new TextDecoder().decode(chunk.value).split('\n').length - 1;
    }
    order.push('export');
    isDone = true;
    expect((await health).status).toBe(200);
    expect(lines).toBe(MAX_BATCH_EVENTS + 1);
    expect(order).toEqual(['health', 'export']);
    // The export waits for a turn of the loop before each page after the first.
    expect(turns).toBeGreaterThanOrEqual(MAX_BATCH_EVENTS / EXPORT_CHUNK - 1);
  });
});
