import { apiPath, createChannelResponseSchema, usageBatchResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './harness.ts';
import { type PgServerPair, startPgServerPair } from './pgServerPair.ts';
import { startWebhookReceiver } from './receivers.ts';

// Two real server processes on one PostgreSQL database, each running its delivery worker.
let pair: PgServerPair;

beforeAll(async () => {
  pair = await startPgServerPair({
    ALLOW_HTTP_CHANNELS: '1',
    ALLOW_PRIVATE_CHANNEL_ADDRESSES: '1',
    // Both poll often, so they compete for the same rows.
    DELIVERY_POLL_MS: '10',
  });
});
afterAll(async () => {
  await pair?.stop();
});

const deliveryRows = () => pair.read((db) => db.selectFrom('alert_deliveries').selectAll().execute());

describe('alert delivery from two processes on PostgreSQL', () => {
  it('never sends the same delivery twice: each row is claimed by one process', async () => {
    const hook = await startWebhookReceiver();
    try {
      const { a, b, key } = pair;
      const admin = await pair.token('admin', 'admin');
      const created = await call(a.url, apiPath.adminChannels(), {
        token: admin,
        body: { kind: 'webhook', name: 'Shared hook', url: hook.url, min_severity: 'info' },
      });
      hook.setSecret(createChannelResponseSchema.parse(created.body).secret ?? '');

      // 40 users past 100 % of the Free plan's Gemini calls, reported half to each process.
      const users = Array.from({ length: 40 }, (_, i) => `mp-delivery-${i}`);
      await Promise.all(
        users.map(async (userId, i) => {
          const events = Array.from({ length: 101 }, (_, n) => ({
            event_id: `${userId}-${n}`,
            user_id: userId,
            provider: 'gemini',
            model: 'gemini-2.5-flash',
            input_tokens: 10,
            output_tokens: 5,
          }));
          const server = i % 2 === 0 ? a : b;
          const reply = await call(server.url, '/api/usage/events', { token: key, body: { events } });
          expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(101);
        }),
      );
      // And test deliveries queued on both.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(
            (i % 2 === 0 ? a : b).url,
            apiPath.adminChannelTest(createChannelResponseSchema.parse(created.body).channel.id),
            {
              method: 'POST',
              token: admin,
            },
          ),
        ),
      );

      const deadline = Date.now() + 60_000;
      let rows = await deliveryRows();
      while (rows.some((r) => r.status !== 'delivered')) {
        if (Date.now() > deadline) throw new Error('deliveries were not all delivered');
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await deliveryRows();
      }
      expect(rows).toHaveLength(40 * 3 + 40);
      const sent = hook.requests.map((r) => String(r.headers['webhook-id']));
      expect(sent).toHaveLength(rows.length);
      expect(new Set(sent)).toEqual(new Set(rows.map((r) => r.id)));
      expect(rows.every((r) => Number(r.attempts) === 1)).toBe(true);
      expect(hook.badSignatures).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});
