import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../backend/test/childServer.ts';
import { closeConnections, send } from './http.ts';

// The server (a process of its own, so it keeps running while this thread is blocked) closes idle
// kept-alive sockets after 2 s (announced as `Keep-Alive: timeout=2`; Node's client does not keep a
// socket at all when the server announces less than 2 s); the pauses below are well past that.
const KEEP_ALIVE_TIMEOUT_MS = 2000;
const PAUSE_MS = 3500;

let dir: string;
let server: ChildServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spendscope-bench-http-'));
  server = await startChildServer(join(dir, 'bench-http.db'), {
    HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
  });
});
afterAll(async () => {
  closeConnections();
  server.process.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** Several requests at once, so the agent holds several kept-alive sockets afterwards. */
const healthChecks = (n: number) =>
  Promise.all(Array.from({ length: n }, () => send(`${server.url}/api/health`, {})));

describe('the benchmark HTTP client', () => {
  it('succeeds after an idle gap longer than the server keep-alive timeout', async () => {
    expect((await healthChecks(4)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    expect((await healthChecks(4)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('succeeds when its thread was busy while the server closed the idle sockets', async () => {
    expect((await healthChecks(4)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // The thread is blocked (as by the benchmark's baseline phase, which aggregates raw events in this
    // process), so the server's closing is not seen before the next requests take the sockets.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
    expect((await healthChecks(4)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});
