import { livenessSchema, MAX_BATCH_EVENTS, usageBatchResponseSchema } from '@spendscope/contracts';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

const NOW = new Date('2026-11-20T12:00:00Z');

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: () => NOW });
});
afterAll(() => t.close());

/** A full report: 5,000 calls of 500 users, all in the hour before NOW. */
const fullReport = () =>
  Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => ({
    event_id: `loop-${i}`,
    user_id: `loop-user-${i % 500}`,
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 1000 + i,
    output_tokens: 200,
    response_time_ms: 300,
    occurred_at: new Date(NOW.getTime() - 3_600_000 + i * 500).toISOString(),
  }));

describe('the event loop while a report is stored', () => {
  it('answers health and reads while a 5,000-event report waits for the database, and commits the report after', async () => {
    const user = await t.tokenFor('loop-user-0');
    // Another connection holds SQLite's write lock, so the report cannot be stored until it lets go.
    const blocker = new SQLite(t.server.ctx.config.DATABASE_PATH);
    blocker.exec('begin immediate');
    let isReportAnswered = false;
    const report = call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: fullReport() } }).then(
      (reply) => {
        isReportAnswered = true;
        return reply;
      },
    );
    // While the report is held, other requests are answered: storing it does not hold the event loop.
    const answeredMeanwhile: number[] = [];
    try {
      // Until the report's transaction has started (and waits for the lock); never more than 500 rounds.
      for (let i = 0; i < 500 && t.server.ctx.ingest.storing === 0 && !isReportAnswered; i++) {
        expect((await call(t.url, '/api/health')).status).toBe(200);
      }
      expect(t.server.ctx.ingest.storing).toBe(1);
      for (let i = 0; i < 5; i++) {
        const health = await call(t.url, '/api/health');
        expect(health.status).toBe(200);
        expect(livenessSchema.safeParse(health.body).success).toBe(true);
        const me = await call(t.url, '/api/me', { token: user });
        expect(me.status).toBe(200);
        if (!isReportAnswered) answeredMeanwhile.push(i);
      }
    } finally {
      blocker.exec('commit');
      blocker.close();
    }
    expect(answeredMeanwhile).toEqual([0, 1, 2, 3, 4]);
    const reply = await report;
    expect(reply.status).toBe(200);
    expect(usageBatchResponseSchema.parse(reply.body)).toMatchObject({
      accepted: MAX_BATCH_EVENTS,
      duplicates: 0,
    });
  });
});
