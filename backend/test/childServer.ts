import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../src/auth/apiKeys.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrations.ts';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHILD_SECRET = 'child-process-secret-long-enough-for-hs256';

export type ChildServer = {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited, with its code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote so far. */
  output(): string;
};

/**
 * Runs a TypeScript entry point of the repository in its own Node process (no npx/tsx wrapper
 * process in between, so a signal sent to `process` reaches the program itself).
 */
export function runScript(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

/** Creates the schema and an ingestion key in a fresh SQLite file, as `npm run keys -- create` would. */
export async function prepareDatabase(databasePath: string): Promise<string> {
  const handle = openDatabase(databasePath);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    return (await createApiKey(handle.db, 'child-test')).key;
  } finally {
    await handle.close();
  }
}

/** Starts `backend/src/main.ts` on a free loopback port over the SQLite file, without demo data. */
export async function startChildServer(
  databasePath: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const { child, output } = runScript('backend/src/main.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    SEED_DEMO: '0',
    SIMULATE: '0',
    SPENDSCOPE_SECRET: CHILD_SECRET,
    SECRETS_KEY: 'child-process-channel-secrets-key-long-enough',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const port = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /running on http:\/\/localhost:(\d+)/.exec(output());
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code }) =>
      reject(new Error(`server exited (${code}) before listening:\n${output()}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, process: child, exited, output };
}

/** Runs a CLI of the repository to its end; resolves with its exit code and output. */
export async function runCli(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ code: number | null; output: string }> {
  const { child, output } = runScript(script, env, args);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: output() };
}

/** Runs `npm run verify`'s program over the SQLite file. */
export function runVerify(databasePath: string): Promise<{ code: number | null; output: string }> {
  return runCli('backend/src/cli/verify.ts', {
    DATABASE_PATH: databasePath,
    SPENDSCOPE_SECRET: CHILD_SECRET,
  });
}
