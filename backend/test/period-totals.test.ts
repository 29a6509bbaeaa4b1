import { usageBatchResponseSchema } from '@spendscope/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRollups } from '../src/domain/rollupCheck.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const call3 = (id: string, provider: string, model: string, day: number) => ({
  event_id: id,
  user_id: 'totals-user',
  provider,
  model,
  input_tokens: 100 + day,
  output_tokens: 10,
  response_time_ms: 250,
  occurred_at: new Date(Date.UTC(2026, 10, day, 9)).toISOString(),
});

describe('per-period totals', () => {
  it('equal the rollups summed over days and models, and npm run verify notices when they do not', async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      call3(
        `totals-${i}`,
        i % 2 ? 'openai' : 'gemini',
        i % 3 ? 'gpt-4o-mini' : 'gemini-2.5-flash',
        1 + (i % 9),
      ),
    );
    const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
    expect(usageBatchResponseSchema.parse(res.body).accepted).toBe(60);
    const { db } = t.server.ctx;

    const stored = await db
      .selectFrom('usage_period_totals')
      .select(['provider', 'calls', 'input_tokens'])
      .where('user_id', '=', 'totals-user')
      .orderBy('provider')
      .execute();
    const summed = await db
      .selectFrom('usage_rollups')
      .select([
        'provider',
        sql<number>`sum(calls)`.as('calls'),
        sql<number>`sum(input_tokens)`.as('input_tokens'),
      ])
      .where('user_id', '=', 'totals-user')
      .groupBy('provider')
      .orderBy('provider')
      .execute();
    expect(stored.map((r) => [r.provider, Number(r.calls), Number(r.input_tokens)])).toEqual(
      summed.map((r) => [r.provider, Number(r.calls), Number(r.input_tokens)]),
    );
    expect((await checkRollups({ db })).differences).toEqual([]);

    await db
      .updateTable('usage_period_totals')
      .set({ calls: sql`calls + 1` })
      .where('user_id', '=', 'totals-user')
      .where('provider', '=', 'openai')
      .execute();
    const check = await checkRollups({ db });
    expect(check.differences).toEqual([
      expect.objectContaining({
        user_id: 'totals-user',
        provider: 'openai',
        model: '(all models)',
        measure: 'calls',
      }),
    ]);
  });
});
