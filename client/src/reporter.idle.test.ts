import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, prepareDatabase, startChildServer } from '../../backend/test/childServer.ts';
import { createReporter } from './reporter.ts';

// The server runs in a process of its own, so it keeps running (and closes idle sockets) while this
// thread is blocked. It closes idle kept-alive sockets after 2 s; the pauses below are well past that.
const KEEP_ALIVE_TIMEOUT_MS = 2000;
const PAUSE_MS = 3500;

let dir: string;
let server: ChildServer;
let apiKey: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spendscope-client-idle-'));
  const databasePath = join(dir, 'client-idle.db');
  apiKey = await prepareDatabase(databasePath);
  server = await startChildServer(databasePath, {
    HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
  });
});
afterAll(async () => {
  server.process.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number) => ({ user_id: 'idle-user', provider: 'serper' as const, searches: 1 + n });

describe('reporter over kept-alive connections', () => {
  it.each([
    ['idle', () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS))],
    // As when the app's own work holds the thread: the server's closing is not seen before the next send.
    ['busy', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS)],
  ])(
    'delivers the next batch without a failed attempt after the thread was %s past the server keep-alive timeout',
    async (_, pause) => {
      const errors: Error[] = [];
      const reporter = createReporter({
        url: server.url,
        apiKey,
        flushIntervalMs: 60_000,
        onError: (error) => errors.push(error),
      });
      try {
        reporter.report(event(1));
        await reporter.flush();
        await pause();
        reporter.report(event(2));
        await reporter.flush();
        expect(errors.map((e) => e.message)).toEqual([]);
        expect(reporter.stats()).toMatchObject({ accepted: 2, retries: 0 });
      } finally {
        await reporter.close();
      }
    },
  );
});
