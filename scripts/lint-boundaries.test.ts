import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');

/** A file placed in a guarded folder, the import it makes, and the rule that must refuse it (or none). */
type Probe = { file: string; from: string; rule: string | null };

const probes: Probe[] = [
  { file: 'contracts/src/probe.ts', from: 'kysely', rule: 'contracts-pure' },
  { file: 'contracts/src/probe.ts', from: '../../backend/src/domain/cost.ts', rule: 'contracts-pure' },
  { file: 'contracts/src/probe.ts', from: 'zod', rule: null },
  { file: 'backend/src/db/probe.ts', from: '../domain/cost.ts', rule: 'db-below-domain' },
  { file: 'backend/src/db/probe.ts', from: '../routes/usage.ts', rule: 'db-below-domain' },
  { file: 'backend/src/db/probe.ts', from: 'fastify', rule: 'db-no-http' },
  { file: 'backend/src/db/probe.ts', from: './schema.ts', rule: null },
  { file: 'backend/src/domain/probe.ts', from: '../routes/usage.ts', rule: 'domain-below-routes' },
  { file: 'backend/src/domain/probe.ts', from: '../ws/hub.ts', rule: 'domain-below-routes' },
  { file: 'backend/src/domain/probe.ts', from: 'fastify', rule: 'domain-no-http' },
  { file: 'backend/src/domain/probe.ts', from: '../db/users.ts', rule: null },
  { file: 'backend/src/routes/probe.ts', from: '../db/users.ts', rule: 'edge-through-domain' },
  { file: 'backend/src/routes/probe.ts', from: '../domain/users.ts', rule: null },
  { file: 'backend/src/ws/probe.ts', from: '../db/users.ts', rule: 'edge-through-domain' },
  { file: 'backend/src/monitoring/probe.ts', from: '../db/schema.ts', rule: 'edge-through-domain' },
  { file: 'backend/src/monitoring/probe.ts', from: '../dashboardApp.ts', rule: 'monitoring-below-app' },
  {
    file: 'frontend/src/lib/probe.ts',
    from: '../../../backend/src/domain/limits.ts',
    rule: 'frontend-no-backend',
  },
  { file: 'frontend/src/lib/probe.ts', from: '@spendscope/contracts', rule: null },
];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Lints one probe file in a scratch tree that has the project's Biome configuration. */
function lint(probe: Probe): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'spendscope-boundaries-'));
  dirs.push(dir);
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
  const file = join(dir, probe.file);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `import { probe } from '${probe.from}';\n\nexport const used = probe;\n`);
  const result = spawnSync(biome, ['lint', '--vcs-enabled=false', '--colors=off', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run lint holds the layer boundaries', () => {
  for (const probe of probes) {
    const verdict = probe.rule ? `refuses, naming ${probe.rule},` : 'allows';
    it(`${verdict} ${probe.file} importing ${probe.from}`, () => {
      const { status, output } = lint(probe);
      if (probe.rule) {
        expect(status).not.toBe(0);
        expect(output).toContain(`[boundary ${probe.rule}]`);
      } else {
        expect(output).not.toContain('[boundary');
        expect(status).toBe(0);
      }
    });
  }
});
