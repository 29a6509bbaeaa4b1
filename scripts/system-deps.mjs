// Finds the system programs the tests need and installs the missing ones with apt-get when it can.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Debian packages the test suite needs, with the file that shows each is installed. */
const REQUIRED = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'postgresql', present: () => findPostgresBin() !== undefined },
];

/** The directory holding PostgreSQL's server programs (initdb, pg_ctl, postgres), if installed. */
export function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(`${root}/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? `${root}/${versions[0]}/bin` : undefined;
}

/** Installs what is missing, or exits naming the packages it could not install. */
export function ensureSystemDeps() {
  const missing = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('which', ['apt-get']).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`The tests need these Debian packages: ${missing.join(', ')}. Install them with:`);
    console.error(`  sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing system packages the tests need: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  const still = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (still.length > 0) {
    console.error(`Could not install: ${still.join(', ')}`);
    process.exit(1);
  }
}
