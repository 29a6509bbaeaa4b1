// After `vite build`: sums the gzipped JavaScript a browser loads for /billing before any
// interaction (the entry, its static imports, and the billing page chunk with its imports) and
// fails the build above the budget, or when that set pulls in the chart library.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 180 * 1000;
const FIRST_PAGE = 'src/pages/BillingPage.tsx';
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey || !manifest[FIRST_PAGE]) {
  console.error(`check-bundle: cannot find the entry or ${FIRST_PAGE} in the manifest`);
  process.exit(1);
}

/** A chunk and everything it imports statically (what the browser fetches with it). */
function withStaticImports(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key].imports ?? []) withStaticImports(next, seen);
  return seen;
}

const loaded = withStaticImports(FIRST_PAGE, withStaticImports(entryKey));
const rows = [...loaded].map((key) => {
  const file = manifest[key].file;
  const code = readFileSync(join(dist, file));
  return { file, gzip: gzipSync(code, { level: 9 }).length, code: code.toString('utf8') };
});
const total = rows.reduce((sum, row) => sum + row.gzip, 0);

console.log('\nJavaScript loaded for /billing before any interaction (gzip -9):');
for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
  console.log(`  ${(row.gzip / 1000).toFixed(2).padStart(8)} kB  ${row.file}`);
}
console.log(`  ${(total / 1000).toFixed(2).padStart(8)} kB  total (budget ${BUDGET_BYTES / 1000} kB)\n`);

// Recharts registers its Redux store under this name; finding it means the chart library is in.
const chartChunk = rows.find((row) => row.code.includes('recharts'));
if (chartChunk) {
  console.error(`check-bundle: ${chartChunk.file} brings the chart library into the first screen`);
  process.exit(1);
}
if (total > BUDGET_BYTES) {
  console.error(`check-bundle: ${(total / 1000).toFixed(2)} kB is over the ${BUDGET_BYTES / 1000} kB budget`);
  process.exit(1);
}
