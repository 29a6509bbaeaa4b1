import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type UsageBatchResponse, usageBatchResponseSchema } from '@spendscope/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.ts';
import { type ChildServer, prepareDatabase, runVerify, startChildServer } from './childServer.ts';
import { freshDatabaseTarget } from './testDatabase.ts';

const BATCH_SIZE = 200;
const IN_FLIGHT = 3;
const ACKS_BEFORE_KILL = 12;
const CRASHES = 2;

const MODELS = [
  { provider: 'openai', model: 'gpt-4o' },
  { provider: 'anthropic', model: 'claude-3.5-sonnet' },
  { provider: 'tavily', model: 'tavily-search' },
  { provider: 'openai', model: 'unpriced-preview' },
] as const;

/** A batch with fixed event ids, so a resend is recognised as the same calls. */
function makeBatch(n: number) {
  return Array.from({ length: BATCH_SIZE }, (_, i) => {
    const { provider, model } = MODELS[(n + i) % MODELS.length]!;
    return {
      event_id: `crash-${n}-${i}`,
      user_id: `crash-user-${i % 5}`,
      provider,
      model,
      input_tokens: 100 + i,
      output_tokens: 10 + (i % 7),
      response_time_ms: 100 + i / 3,
      status_code: i % 17 === 0 ? 500 : 200,
    };
  });
}

type Sent = { n: number; events: ReturnType<typeof makeBatch>; reply?: UsageBatchResponse };

async function send(server: ChildServer, key: string, batch: Sent): Promise<boolean> {
  try {
    const response = await fetch(`${server.url}/api/usage/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch.events }),
    });
    if (response.status !== 200) return false;
    batch.reply = usageBatchResponseSchema.parse(await response.json());
    return true;
  } catch {
    return false; // the server died under the request: not acknowledged
  }
}

let dir: string;
let databasePath: string;
let key: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spendscope-crash-'));
  databasePath = await freshDatabaseTarget(join(dir, 'crash.db'));
  key = await prepareDatabase(databasePath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a server killed with SIGKILL while reports stream in', () => {
  it('keeps every acknowledged event exactly once, and a resend of the rest counts nothing twice', async () => {
    const batches: Sent[] = [];
    let cutOff = 0;

    for (let crash = 0; crash <= CRASHES; crash++) {
      const server = await startChildServer(databasePath);
      // Whatever was not acknowledged before the last crash is sent again, with the same event ids.
      for (const batch of batches.filter((b) => !b.reply)) {
        expect(await send(server, key, batch)).toBe(true);
      }
      if (crash === CRASHES) {
        server.process.kill('SIGTERM');
        expect((await server.exited).code).toBe(0);
        break;
      }
      // Keep IN_FLIGHT reports open at all times; kill the server once enough were acknowledged.
      let acks = 0;
      const inFlight = new Set<Promise<boolean>>();
      while (acks < ACKS_BEFORE_KILL) {
        while (inFlight.size < IN_FLIGHT) {
          const batch: Sent = { n: batches.length, events: makeBatch(batches.length) };
          batches.push(batch);
          const request = send(server, key, batch);
          inFlight.add(request);
          void request.then(() => inFlight.delete(request));
        }
        if (await Promise.race(inFlight)) acks++;
      }
      server.process.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      await Promise.all(inFlight);
      cutOff += batches.filter((b) => !b.reply).length;
    }

    // The kills really happened with reports in flight.
    expect(cutOff).toBeGreaterThan(0);
    for (const batch of batches) {
      expect(batch.reply?.rejected).toEqual([]);
      expect((batch.reply?.accepted ?? 0) + (batch.reply?.duplicates ?? 0)).toBe(BATCH_SIZE);
    }

    const sentIds = batches.flatMap((b) => b.events.map((e) => e.event_id));
    const handle = openDatabase(databasePath);
    try {
      const stored = await handle.db.selectFrom('usage_events').select('event_id').execute();
      expect(stored).toHaveLength(sentIds.length);
      expect(new Set(stored.map((r) => r.event_id))).toEqual(new Set(sentIds));
      const { calls } = await handle.db
        .selectFrom('usage_rollups')
        .select(sql<number>`sum(calls)`.as('calls'))
        .executeTakeFirstOrThrow();
      expect(Number(calls)).toBe(sentIds.length);
    } finally {
      await handle.close();
    }

    const verify = await runVerify(databasePath);
    expect(verify.output).toContain(`Checked ${sentIds.length} events`);
    expect(verify.output).toContain('OK');
    expect(verify.code).toBe(0);
  });

  it('has npm run verify fail and name the group when a rollup no longer matches the events', async () => {
    const handle = openDatabase(databasePath);
    try {
      await handle.db
        .updateTable('usage_rollups')
        .set({ calls: sql`calls + 1` })
        .where('user_id', '=', 'crash-user-0')
        .where('model', '=', 'gpt-4o')
        .execute();
    } finally {
      await handle.close();
    }
    const verify = await runVerify(databasePath);
    expect(verify.code).toBe(1);
    expect(verify.output).toMatch(/MISMATCH crash-user-0 \d{4}-\d{2} openai\/gpt-4o calls/);
  });
});
