// A throwaway PostgreSQL cluster: its own data folder under the system temp folder, 127.0.0.1 on a private
// free port, removed when stopped (or when the process that started it dies). Used by the test run
// (vitest globalSetup), the benchmark, and by hand:
//   node scripts/pg-cluster.mjs [--durable]   prints DATABASE_URL=… and runs until Ctrl-C
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findPostgresBin } from './system-deps.mjs';

/** Settings for test runs: nothing here needs to survive a crash of the machine. */
const FAST = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
/** Settings for measurements: PostgreSQL's own durable defaults. */
const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user. */
function asOwner(program, args) {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

function runAsOwner(program, args) {
  const [command, argv] = asOwner(program, args);
  try {
    return execFileSync(command, argv, { stdio: 'pipe' }).toString();
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${program.split('/').pop()} failed: ${output || error.message}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Stops the cluster and removes its folder once `pid` is gone, even if that process was killed. */
function startWatchdog(pid, pgCtl, data, dir) {
  const [command, argv] = asOwner(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
  const stopCommand = [command, ...argv].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `while kill -0 ${pid} 2>/dev/null; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf '${dir}'`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

/**
 * Starts a fresh PostgreSQL cluster. `durable: true` keeps fsync and synchronous commit on (for
 * measurements); otherwise they are off (for tests). `settings` adds or overrides server settings.
 */
export async function startPgCluster(options = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'spendscope-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  // C collation: text sorts by bytes, as in SQLite, so keyset pages and orderings agree across dialects.
  runAsOwner(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const watchdog = startWatchdog(process.pid, pgCtl, data, dir);

  const settings = {
    ...(options.durable ? DURABLE : FAST),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: '300',
    ...options.settings,
  };
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const flags = Object.entries({ ...settings, port: String(port) })
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' ');
    try {
      runAsOwner(pgCtl, ['-D', data, '-o', flags, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      // Another program may have taken the port between the probe and the start.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const baseUrl = `postgres://postgres@127.0.0.1:${port}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let isStopped = false;
  return {
    baseUrl,
    port,
    dir,
    /** Creates an empty database and returns its connection string. */
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name "${name}"`);
      await admin(`create database ${name}`);
      return `${baseUrl}/${name}`;
    },
    /** Drops a database, closing any connection still open to it. */
    async dropDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name "${name}"`);
      await admin(`drop database if exists ${name} with (force)`);
    },
    /** Stops the server at once and removes its folder. */
    stop() {
      if (isStopped) return;
      isStopped = true;
      try {
        runAsOwner(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        try {
          process.kill(-watchdog.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

async function main() {
  const cluster = await startPgCluster({ durable: process.argv.includes('--durable') });
  const url = await cluster.createDatabase('spendscope');
  console.log(`PostgreSQL is running (data in ${cluster.dir}); Ctrl-C stops it and removes the data.`);
  console.log(`DATABASE_URL=${url}`);
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
