import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serverArgs } from '../backend/build.ts';
import { createApiKey } from '../backend/src/auth/apiKeys.ts';
import { openDatabase } from '../backend/src/db/connection.ts';
import { migrateToLatest } from '../backend/src/db/migrations.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BENCH_SECRET = 'benchmark-secret-long-enough-for-hs256-signing';

/** Creates the schema and an ingestion key, as an operator would before starting the servers. */
export async function prepareDatabase(target: string): Promise<string> {
  const handle = openDatabase(target);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    return (await createApiKey(handle.db, 'bench')).key;
  } finally {
    await handle.close();
  }
}

/** The resident memory of a process in bytes (Linux), or undefined when it cannot be read. */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc's CPU times (Linux: `getconf CLK_TCK`, 100 on every common kernel). */
const CLOCK_TICKS = 100;

/** The CPU time a process has used so far in ms (user + system, all threads; Linux), or undefined. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** What the process printed (the last 50 kB or more). */
  output(): string;
  /** Starts recording the peak RSS of a phase; `end()` returns it in bytes. */
  watchMemory(): { end(): number };
  stop(): Promise<void>;
};

/** Starts the built server (`npm run build`) as its own process on a free loopback port, without demo data. */
export async function startServerProcess(
  target: string,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    // The built server with the Node options `npm start` runs it with.
    [...nodeArgs, ...serverArgs()],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        ...(target.startsWith('postgres') ? { DATABASE_URL: target } : { DATABASE_PATH: target }),
        SEED_DEMO: '0',
        SIMULATE: '0',
        SPENDSCOPE_SECRET: BENCH_SECRET,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 100_000) output = output.slice(-50_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  const pid = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    output: () => output,
    watchMemory() {
      let peak = rssOf(pid) ?? 0;
      const timer = setInterval(() => {
        peak = Math.max(peak, rssOf(pid) ?? 0);
      }, 50);
      return {
        end() {
          clearInterval(timer);
          return Math.max(peak, rssOf(pid) ?? 0);
        },
      };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
