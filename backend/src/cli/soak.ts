import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildServer, serverArgs } from '../../build.ts';
import { createApiKey } from '../auth/apiKeys.ts';
import { createTokenService } from '../auth/tokens.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { checkRollups } from '../domain/rollupCheck.ts';
import { percentileMs } from '../monitoring/latency.ts';
import { newTally, openLiveClient, readLoop, reportLoop, type Tally, type Target } from './soakLoad.ts';

const USAGE = `usage: npm run soak -- [--duration SECONDS] [--readers N] [--reporters N] [--sockets N] [--users N]
Runs a server on loopback over a fresh SQLite database and drives mixed reads, reports, usage checks and
live WebSocket clients against it; prints errors (expected 0), latency percentiles and memory growth.`;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Resident memory of a process in MiB, from /proc (Linux); undefined elsewhere. */
function residentMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function startServer(databasePath: string, secret: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      SPENDSCOPE_SECRET: secret,
      SEED_DEMO: '0',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
}

const row = (name: string, t: Tally) =>
  `  ${name.padEnd(9)} ${String(t.count).padStart(8)} ${String(t.errors).padStart(7)}   ` +
  `p50 ${percentileMs(t.latency, 50).toFixed(1).padStart(7)} ms   p99 ${percentileMs(t.latency, 99)
    .toFixed(1)
    .padStart(7)} ms   max ${percentileMs(t.latency, 100).toFixed(1).padStart(8)} ms`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      readers: { type: 'string', default: '6' },
      reporters: { type: 'string', default: '2' },
      sockets: { type: 'string', default: '40' },
      users: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  const [duration, readers, reporters, sockets, userCount] = [
    values.duration,
    values.readers,
    values.reporters,
    values.sockets,
    values.users,
  ].map(Number) as [number, number, number, number, number];
  if (
    values.help ||
    ![duration, readers, reporters, sockets, userCount].every((n) => Number.isInteger(n) && n >= 0)
  ) {
    console.error(USAGE);
    return 2;
  }

  const dir = mkdtempSync(join(tmpdir(), 'spendscope-soak-'));
  const databasePath = join(dir, 'soak.db');
  const secret = randomBytes(32).toString('base64url');
  const setup = openDatabase(databasePath);
  await migrateToLatest(setup.db, setup.dialect);
  const { key } = await createApiKey(setup.db, 'soak');
  await setup.close();

  // The server as `npm start` runs it, built from the sources as they are now.
  await buildServer();
  const { child, url } = await startServer(databasePath, secret);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tokens = createTokenService(secret);
  const users = Array.from({ length: userCount }, (_, i) => `soak-user-${i}`);
  const tokenOf = new Map(
    await Promise.all(users.map(async (u) => [u, await tokens.sign({ userId: u, role: 'user' })] as const)),
  );

  let endsAt = Number.POSITIVE_INFINITY;
  const target: Target = { url, apiKey: key, users, tokens: tokenOf, isOver: () => Date.now() >= endsAt };
  const tallies = { read: newTally(), report: newTally(), check: newTally(), socket: newTally() };

  // Every user exists before anyone reads or listens.
  await fetch(`${url}/api/usage/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      events: users.map((u) => ({ event_id: `soak-first-${u}`, user_id: u, provider: 'serper' })),
    }),
  });
  const live =
    users.length > 0
      ? Array.from({ length: sockets }, (_, i) =>
          openLiveClient(target, users[i % users.length]!, tallies.socket),
        )
      : [];

  console.log(
    `Soak: ${duration} s against ${url} — ${readers} readers, ${reporters} reporters, ${live.length} live sockets, ${users.length} users`,
  );
  const startedAt = Date.now();
  endsAt = startedAt + duration * 1000;
  // Growth is measured from the end of a warm-up (a fifth of the run), once caches and JIT have settled.
  let memoryAtStart: number | undefined;
  const warmup = setTimeout(() => {
    memoryAtStart = residentMiB(child.pid);
  }, duration * 200);
  let memoryPeak = 0;
  const sampler = setInterval(() => {
    memoryPeak = Math.max(memoryPeak, residentMiB(child.pid) ?? 0);
  }, 1000);

  await Promise.all([
    ...Array.from({ length: readers }, (_, i) => readLoop(target, tallies.read, 1000 + i)),
    ...Array.from({ length: reporters }, (_, i) =>
      reportLoop(target, tallies, { seed: 2000 + i, batchSize: 50 }),
    ),
  ]);
  clearInterval(sampler);
  clearTimeout(warmup);
  const memoryAtEnd = residentMiB(child.pid);
  const elapsed = (Date.now() - startedAt) / 1000;
  await Promise.all(live.map((client) => client.close()));

  child.kill('SIGTERM');
  const exitCode = await exited;
  const verifyDb = openDatabase(databasePath);
  const check = await checkRollups({ db: verifyDb.db });
  await verifyDb.close();
  rmSync(dir, { recursive: true, force: true });

  const errors = Object.values(tallies).reduce((sum, t) => sum + t.errors, 0) + (exitCode === 0 ? 0 : 1);
  const requests = tallies.read.count + tallies.report.count + tallies.check.count;
  console.log(`\n  kind         count  errors`);
  console.log(row('read', tallies.read));
  console.log(row('report', tallies.report));
  console.log(row('check', tallies.check));
  console.log(
    `  socket    ${String(tallies.socket.count).padStart(8)} ${String(tallies.socket.errors).padStart(7)}   messages received`,
  );
  console.log(
    `\n  ${requests} requests in ${elapsed.toFixed(1)} s (${(requests / elapsed).toFixed(0)}/s); ${check.events} events stored`,
  );
  if (memoryAtStart !== undefined && memoryAtEnd !== undefined) {
    console.log(
      `  server memory (RSS): ${memoryAtStart.toFixed(0)} MiB after warm-up, ${memoryAtEnd.toFixed(0)} MiB at end (${(memoryAtEnd - memoryAtStart >= 0 ? '+' : '') + (memoryAtEnd - memoryAtStart).toFixed(0)} MiB), peak ${memoryPeak.toFixed(0)} MiB`,
    );
  }
  console.log(`  shutdown on SIGTERM: exit code ${exitCode}`);
  console.log(
    `  rollups vs raw events: ${check.differences.length === 0 ? 'equal' : `${check.differences.length} differences`}`,
  );
  for (const [name, t] of Object.entries(tallies))
    for (const reason of t.reasons) console.log(`  ${name} error: ${reason}`);
  console.log(`\n  errors: ${errors} (expected 0)`);
  return errors === 0 && check.differences.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return 1;
});
