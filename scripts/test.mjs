// `npm test`: lint and type-check, unit and integration tests (SQLite and PostgreSQL), then the browser tests.
import { spawnSync } from 'node:child_process';
import { ensureSystemDeps } from './system-deps.mjs';

function run(label, command, args) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

ensureSystemDeps();
run('lint and type-check', 'npm', ['run', '--silent', 'lint']);
run('unit and integration tests', 'npx', ['vitest', 'run']);
run('build the dashboard and the server', 'npm', ['run', '--silent', 'build']);
run('browser tests', 'npx', ['playwright', 'test']);
