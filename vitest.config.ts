import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'web',
          root: 'frontend',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: [
            'contracts/src/**/*.test.ts',
            'backend/src/**/*.test.ts',
            'backend/test/**/*.test.ts',
            'client/src/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          // PostgreSQL-only files run in server-pg, against the run's shared cluster.
          exclude: ['backend/test/**/*-pg.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The whole backend integration suite again, each test server on a fresh PostgreSQL database.
        test: {
          name: 'server-pg',
          environment: 'node',
          include: ['backend/test/**/*.test.ts'],
          // SQLite-only files (they open their own SQLite files) run in server alone.
          exclude: ['backend/test/**/*-sqlite.test.ts'],
          globalSetup: ['backend/test/pgGlobalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
