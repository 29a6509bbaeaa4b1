import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPath, createChannelResponseSchema, usageBatchResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/tokens.ts';
import { openDatabase } from '../src/db/connection.ts';
import { CHILD_SECRET, type ChildServer, prepareDatabase, startChildServer } from './childServer.ts';
import { call } from './harness.ts';
import { startWebhookReceiver } from './receivers.ts';
import { freshDatabaseTarget } from './testDatabase.ts';

// The lease outlasts an attempt's timeout, so only a process that died leaves a row to be taken over.
const ENV = {
  ALLOW_HTTP_CHANNELS: '1',
  ALLOW_PRIVATE_CHANNEL_ADDRESSES: '1',
  DELIVERY_POLL_MS: '50',
  DELIVERY_TIMEOUT_MS: '5000',
  DELIVERY_LEASE_MS: '6000',
};

/** Waits (polling) until `condition` holds; fails with `what` after a generous bound. */
async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  boundMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let dir: string;
let target: string;
let key: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spendscope-delivery-crash-'));
  target = await freshDatabaseTarget(join(dir, 'crash.db'));
  key = await prepareDatabase(target);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function deliveryRows() {
  const handle = openDatabase(target);
  try {
    return await handle.db.selectFrom('alert_deliveries').selectAll().execute();
  } finally {
    await handle.close();
  }
}

describe('a server killed with SIGKILL in the middle of delivering alerts', () => {
  it('delivers every alert after the restart, none twice to a receiver that de-duplicates', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = true;
    // While the first process runs, the receiver takes requests and never answers them.
    const hook = await startWebhookReceiver(() => (holding ? { status: 200, hold: held } : { status: 200 }));
    const env = { ...ENV, ...(target.startsWith('postgres') ? { DATABASE_URL: target } : {}) };
    let server: ChildServer | undefined = await startChildServer(target, env);
    try {
      const admin = await createTokenService(CHILD_SECRET).sign({ userId: 'admin', role: 'admin' });
      const created = await call(server.url, apiPath.adminChannels(), {
        token: admin,
        body: { kind: 'webhook', name: 'Crash hook', url: hook.url, min_severity: 'info' },
      });
      const { secret } = createChannelResponseSchema.parse(created.body);
      hook.setSecret(secret ?? '');

      // Free plan: 100 Gemini calls. 105 for each of two users raise 80, 90 and 100 % for both.
      const events = ['crash-a', 'crash-b'].flatMap((userId) =>
        Array.from({ length: 105 }, (_, i) => ({
          event_id: `${userId}-${i}`,
          user_id: userId,
          provider: 'gemini',
          model: 'gemini-2.5-flash',
          input_tokens: 10,
          output_tokens: 5,
        })),
      );
      const report = await call(server.url, '/api/usage/events', { token: key, body: { events } });
      expect(usageBatchResponseSchema.parse(report.body).accepted).toBe(210);

      await until(() => hook.requests.length > 0, 'the first delivery to reach the receiver');
      server.process.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      server = undefined;
      const mid = await deliveryRows();
      expect(mid.length).toBe(6);
      expect(mid.some((r) => r.status === 'sending')).toBe(true);
      expect(hook.processed.size).toBe(0);
      holding = false;
      release();

      server = await startChildServer(target, env);
      await until(
        async () => (await deliveryRows()).every((r) => r.status === 'delivered'),
        'every delivery to be delivered after the restart',
      );
      const rows = await deliveryRows();
      expect(new Set(hook.processed.keys())).toEqual(new Set(rows.map((r) => r.id)));
      expect(hook.badSignatures).toEqual([]);
      // The attempt cut off by the kill was sent again with the same webhook-id; de-duplication kept one.
      expect(hook.requests.length).toBeGreaterThan(rows.length);
      const ids = hook.requests.map((r) => String(r.headers['webhook-id']));
      expect(new Set(ids).size).toBe(rows.length);
    } finally {
      release();
      if (server) {
        server.process.kill('SIGTERM');
        await server.exited;
      }
      await hook.close();
    }
  });
});
