import { defineConfig, devices } from '@playwright/test';
import { serverArgs } from './backend/build.ts';
import { E2E_SECRET, type ServerMetadata } from './e2e/support.ts';

/**
 * The browser tests start their own servers, the build `npm start` runs (`npm run build` first; `npm
 * test` does), each on a fresh database with the demo data and no simulator: one on SQLite and one on
 * PostgreSQL (a throwaway cluster, see e2e/pgServer.ts), one project per database.
 * `E2E_DATABASES=sqlite` (or `postgres`) runs against one only.
 */
const basePort = Number(process.env.E2E_PORT ?? 8390);
const databases = (process.env.E2E_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim());

const common = {
  HOST: '127.0.0.1',
  SPENDSCOPE_SECRET: E2E_SECRET,
  SIMULATE: '0',
  LOG_LEVEL: 'warn',
  // The admin spec's webhook receiver listens on 127.0.0.1 over plain HTTP.
  ALLOW_PRIVATE_CHANNEL_ADDRESSES: 'true',
  ALLOW_HTTP_CHANNELS: 'true',
};

const quoted = (args: readonly string[]) => args.map((a) => `'${a}'`).join(' ');

const servers = [
  {
    database: 'sqlite' as const,
    port: basePort,
    command: (dataDir: string) => `rm -rf ${dataDir} && node ${quoted(serverArgs())}`,
    env: (dataDir: string): Record<string, string> => ({ DATABASE_PATH: `${dataDir}/spendscope.db` }),
    testIgnore: [],
  },
  {
    database: 'postgres' as const,
    port: basePort + 1,
    command: () => 'node --import tsx e2e/pgServer.ts',
    env: (dataDir: string): Record<string, string> => ({ E2E_DATA_DIR: dataDir }),
    // Layout and accessibility are the frontend's alone and the same on either database; run once,
    // they keep the whole suite within its time budget.
    testIgnore: ['**/responsive.spec.ts', '**/a11y.spec.ts'],
  },
].filter((server) => databases.includes(server.database));

const dataDirOf = (port: number) => `/tmp/spendscope-e2e-${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : 'line',
  outputDir: 'test-results',
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: servers.map((server) => ({
    name: server.database,
    metadata: { database: server.database, dataDir: dataDirOf(server.port) } satisfies ServerMetadata,
    testIgnore: server.testIgnore,
    use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${server.port}` },
  })),
  webServer: servers.map((server) => ({
    command: server.command(dataDirOf(server.port)),
    url: `http://127.0.0.1:${server.port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    // The PostgreSQL launcher stops its cluster on SIGTERM; a SIGKILL would leave that to its watchdog.
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
    env: { ...common, PORT: String(server.port), ...server.env(dataDirOf(server.port)) },
  })),
});
