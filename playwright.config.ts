import { defineConfig, devices } from '@playwright/test';

/** The browser tests start their own server: a fresh SQLite database with the demo data, no simulator. */
const port = Number(process.env.E2E_PORT ?? 8390);
const dataDir = `/tmp/spendscope-e2e-${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : 'line',
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
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
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `rm -rf ${dataDir} && npx tsx backend/src/main.ts`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: `${dataDir}/spendscope.db`,
      SPENDSCOPE_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-signing',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
    },
  },
});
