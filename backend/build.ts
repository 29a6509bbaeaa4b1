// `npm run build -w backend`: bundles the server into one ES module, `backend/dist/main.mjs` (and its
// ingest worker thread into `backend/dist/ingestWorker.mjs`), which
// `npm start`, the browser tests, the benchmark and the soak test run with plain `node`. Running the
// TypeScript sources through a loader keeps the loader's own JavaScript engine alive beside the server
// (~40 MB resident). npm packages stay external, loaded from node_modules; the workspace's packages
// (TypeScript sources) are bundled in.
//
// The bundle sits two folders below the repository root, as the sources do (backend/src/*.ts), so the
// paths they resolve from `import.meta.url` (data/, frontend/dist/) are the same in both.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const SERVER_BUNDLE = fileURLToPath(new URL('./dist/main.mjs', import.meta.url));

/**
 * The Node options the server runs with (`npm start` passes the same in backend/package.json): a heap
 * limit, so a burst of reports is collected instead of growing the heap far past the data alive.
 */
export const SERVER_NODE_OPTIONS = ['--max-old-space-size=192', '--max-semi-space-size=8'];

/** `node` arguments that run the built server; fails with what to do when it has not been built. */
export function serverArgs(): string[] {
  if (!existsSync(SERVER_BUNDLE)) {
    throw new Error(`${SERVER_BUNDLE} does not exist: run \`npm run build\` first`);
  }
  return [...SERVER_NODE_OPTIONS, SERVER_BUNDLE];
}

/** Leaves npm packages to node_modules; bundles relative imports and the workspace's packages. */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@spendscope/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildServer(): Promise<void> {
  await build({
    // The ingest worker thread's entry point is bundled beside the server, which starts it from there.
    entryPoints: {
      main: fileURLToPath(new URL('./src/main.ts', import.meta.url)),
      ingestWorker: fileURLToPath(new URL('./src/ingestWorker/worker.ts', import.meta.url)),
    },
    outdir: dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [npmPackagesExternal],
    // Stack traces name the functions they passed through.
    keepNames: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
