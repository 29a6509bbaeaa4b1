import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { usageBatchResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/tokens.ts';
import { openDatabase } from '../src/db/connection.ts';
import { SHUTDOWN_REASON } from '../src/security/shutdown.ts';
import { CHILD_SECRET, prepareDatabase, runVerify, startChildServer } from './childServer.ts';
import { freshDatabaseTarget } from './testDatabase.ts';
import { connectSocket } from './ws-client.ts';

const EVENTS = 2000;

let dir: string;
let databasePath: string;
let key: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spendscope-shutdown-'));
  databasePath = await freshDatabaseTarget(join(dir, 'shutdown.db'));
  key = await prepareDatabase(databasePath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** True once the server refuses new work: the connection is refused or it answers 503. */
async function refusesNewRequests(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { headers: { connection: 'close' } });
    await response.arrayBuffer();
    return response.status === 503;
  } catch {
    return true;
  }
}

describe('SIGTERM while a report is in flight', () => {
  it('stops taking new requests, commits and answers the report, closes sockets with 1001 and exits 0', async () => {
    const server = await startChildServer(databasePath);
    const seeded = await fetch(`${server.url}/api/usage/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ event_id: 'term-ws-1', user_id: 'term-ws', provider: 'serper' }] }),
    });
    expect(usageBatchResponseSchema.parse(await seeded.json()).accepted).toBe(1);
    const token = await createTokenService(CHILD_SECRET).sign({ userId: 'term-ws', role: 'user' });
    const live = await connectSocket(server.url, 'term-ws', token);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      live.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const body = JSON.stringify({
      events: Array.from({ length: EVENTS }, (_, i) => ({
        event_id: `term-${i}`,
        user_id: `term-user-${i % 3}`,
        provider: 'openai',
        model: 'gpt-4o',
        input_tokens: 10 + i,
        output_tokens: 5,
      })),
    });

    // Send the headers and wait for "100 Continue": from then on the server is handling this request.
    const request = httpRequest(`${server.url}/api/usage/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', reject);
    });
    await new Promise<void>((resolve) => request.once('continue', resolve));

    server.process.kill('SIGTERM');
    let refused = false;
    for (let attempt = 0; attempt < 200 && !refused; attempt++) {
      refused = await refusesNewRequests(server.url);
      if (!refused) await sleep(25);
    }
    expect(refused).toBe(true);

    // Only now does the body arrive; the report must still be ingested and answered.
    request.end(body);
    const reply = await response;
    let text = '';
    for await (const chunk of reply) text += chunk;
    expect(reply.statusCode).toBe(200);
    expect(usageBatchResponseSchema.parse(JSON.parse(text))).toEqual({
      accepted: EVENTS,
      duplicates: 0,
      rejected: [],
    });

    expect(await closed).toEqual({ code: 1001, reason: SHUTDOWN_REASON });
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });

    const handle = openDatabase(databasePath);
    try {
      const stored = await handle.db.selectFrom('usage_events').select('event_id').execute();
      expect(stored).toHaveLength(EVENTS + 1);
    } finally {
      await handle.close();
    }
    expect((await runVerify(databasePath)).code).toBe(0);
  });
});
