import { execFileSync } from 'node:child_process';

/** The secret the e2e server signs with (playwright.config.ts sets it). */
export const E2E_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

/** A signed token from the project's own CLI, as an operator would make one. */
export function tokenFor(userId: string, options: { admin?: boolean } = {}): string {
  const args = ['tsx', 'backend/src/cli/token.ts', userId, ...(options.admin ? ['--admin'] : [])];
  const out = execFileSync('npx', args, {
    env: { ...process.env, SPENDSCOPE_SECRET: E2E_SECRET },
    encoding: 'utf8',
  });
  return out.trim().split('\n').pop() ?? '';
}
