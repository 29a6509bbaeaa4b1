import { usageBatchResponseSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const gpt = (id: string, user: string) => ({
  event_id: id,
  user_id: user,
  provider: 'openai',
  model: 'gpt-4o-mini',
  input_tokens: 100,
  output_tokens: 10,
});

async function totalCalls(userId: string): Promise<number> {
  const res = await call(t.url, `/api/billing/usage/${userId}`, { token: t.adminToken });
  return usageStatsSchema.parse(res.body).total_calls;
}

describe('large reports', () => {
  it('stores a report whose events belong to 2,000 different users, each new', async () => {
    const events = Array.from({ length: 2000 }, (_, i) => gpt(`wide-${i}`, `wide-user-${i}`));
    const res = await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } });
    expect(usageBatchResponseSchema.parse(res.body)).toEqual({ accepted: 2000, duplicates: 0, rejected: [] });
    expect(await totalCalls('wide-user-1999')).toBe(1);
  });
});

describe('reports arriving together (stored with group commit)', () => {
  it('counts every event_id once across concurrent reports that repeat each other’s ids', async () => {
    // 30 reports of 40 events over 300 distinct ids: each id travels in about four reports at once.
    const reports = Array.from({ length: 30 }, (_, r) =>
      Array.from({ length: 40 }, (_, i) =>
        gpt(`overlap-${(r * 37 + i * 11) % 300}`, `overlap-user-${i % 3}`),
      ),
    );
    const distinct = new Set(reports.flat().map((e) => e.event_id)).size;
    const replies = await Promise.all(
      reports.map((events) => call(t.url, '/api/usage/events', { token: t.apiKey, body: { events } })),
    );
    const parsed = replies.map((r) => usageBatchResponseSchema.parse(r.body));
    for (const [i, reply] of parsed.entries()) {
      expect(reply.accepted + reply.duplicates).toBe(reports[i]!.length);
    }
    expect(parsed.reduce((sum, r) => sum + r.accepted, 0)).toBe(distinct);
    const stored = await Promise.all([0, 1, 2].map((u) => totalCalls(`overlap-user-${u}`)));
    expect(stored.reduce((a, b) => a + b, 0)).toBe(distinct);
  });

  it('answers each concurrent report with its own counts and rejections', async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, r) =>
        call(t.url, '/api/usage/events', {
          token: t.apiKey,
          body: {
            events: [
              gpt(`own-${r}-a`, 'own-user'),
              { event_id: `own-${r}-bad` },
              gpt(`own-${r}-b`, 'own-user'),
            ],
          },
        }),
      ),
    );
    for (const reply of replies) {
      const body = usageBatchResponseSchema.parse(reply.body);
      expect(body.accepted).toBe(2);
      expect(body.duplicates).toBe(0);
      expect(body.rejected.map((x) => x.index)).toEqual([1]);
    }
    expect(await totalCalls('own-user')).toBe(20);
  });
});
