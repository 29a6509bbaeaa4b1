/**
 * The browser tests' server on PostgreSQL: a throwaway cluster (scripts/pg-cluster.mjs), a fresh
 * database in it, and the built Spendscope server on that database. Writes the database URL to
 * `$E2E_DATA_DIR/database-url` so the tests' CLIs (ingestion keys) reach the same database.
 * On SIGTERM or SIGINT it stops the server, then the cluster, and removes both folders.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverArgs } from '../backend/build.ts';
import { startPgCluster } from '../scripts/pg-cluster.mjs';

const dataDir = process.env.E2E_DATA_DIR;
if (!dataDir) throw new Error('E2E_DATA_DIR is not set');
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const cluster = await startPgCluster();
const databaseUrl = await cluster.createDatabase('spendscope_e2e');
writeFileSync(join(dataDir, 'database-url'), databaseUrl);

const server = spawn(process.execPath, serverArgs(), {
  env: { ...process.env, DATABASE_URL: databaseUrl },
  stdio: 'inherit',
});

let isStopping = false;
const stop = () => {
  if (isStopping) return;
  isStopping = true;
  server.kill('SIGTERM');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

server.on('exit', (code) => {
  try {
    cluster.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(isStopping ? 0 : (code ?? 1));
  }
});
