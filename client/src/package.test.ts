import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const clientDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(clientDir, 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the published package', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(clientDir, 'scripts', 'build.mjs')], { stdio: 'pipe' });
  }, 120_000);

  it('is ESM with type declarations and depends on zod and uuid only', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@spendscope/client',
      type: 'module',
      exports: { '.': { types: './client/src/index.d.ts', default: './client/src/index.js' } },
    });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['uuid', 'zod']);
    const emitted = filesUnder(dist)
      .filter((file) => /\.(js|d\.ts)$/.test(file))
      .map((file) => readFileSync(file, 'utf8'));
    expect(emitted.some((text) => text.includes('@spendscope/contracts'))).toBe(false);
  });

  it('loads and exposes the public API', async () => {
    const entry = pathToFileURL(join(dist, 'client', 'src', 'index.js')).href;
    const published: Record<string, unknown> = await import(entry);
    for (const name of [
      'createReporter',
      'withMetering',
      'toUsageEvent',
      'openaiChat',
      'geminiGenerateContent',
    ]) {
      expect(published[name], name).toBeDefined();
    }
  });
});
