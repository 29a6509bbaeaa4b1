// Builds a self-contained ESM package with type declarations in client/dist, ready for
// `npm publish client/dist`. The workspace's private contracts package is compiled alongside and
// referenced by relative path, so the published package depends on zod and uuid only.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const contractsEntry = join(dist, 'contracts', 'src', 'index.js');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tscBin(), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

function tscBin() {
  return join(root, '..', 'node_modules', 'typescript', 'bin', 'tsc');
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (/\.(js|d\.ts)$/.test(entry.name)) yield path;
  }
}

for (const file of filesUnder(join(dist, 'client'))) {
  let target = relative(dirname(file), contractsEntry).replaceAll('\\', '/');
  if (!target.startsWith('.')) target = `./${target}`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replaceAll(`'@spendscope/contracts'`, `'${target}'`));
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(
  join(dist, 'package.json'),
  `${JSON.stringify(
    {
      name: manifest.name,
      version: manifest.version,
      description: 'Report AI and search API usage to Spendscope, with provider usage normalized.',
      type: 'module',
      exports: { '.': { types: './client/src/index.d.ts', default: './client/src/index.js' } },
      engines: { node: '>=20.19' },
      sideEffects: false,
      dependencies: { zod: manifest.dependencies.zod, uuid: manifest.dependencies.uuid },
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(root, 'README.md'), join(dist, 'README.md'));
console.log(`built ${relative(process.cwd(), dist)}`);
