import { databaseTarget, loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { checkRollups } from '../domain/rollupCheck.ts';

const SHOWN = 50;

/**
 * `npm run verify`: recounts every rollup from the raw events of the configured database and prints
 * any difference. Exit 0 when all match, 1 when something differs.
 */
async function main(): Promise<number> {
  const handle = openDatabase(databaseTarget(loadConfig()));
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const check = await checkRollups({ db: handle.db });
    const problems = check.differences.length + check.misplacedDays.length + check.badRows.length;
    console.log(
      `Checked ${check.events} events in ${check.groups} user × period × provider × model groups (${handle.dialect}).`,
    );
    for (const d of check.differences.slice(0, SHOWN)) {
      console.log(
        `  MISMATCH ${d.user_id} ${d.billing_period} ${d.provider}/${d.model} ${d.measure}: rollups ${d.stored}, events ${d.recounted}`,
      );
    }
    for (const m of check.misplacedDays.slice(0, SHOWN)) {
      console.log(`  MISPLACED ${m.user_id}: rollup day ${m.day} lies outside its billing period`);
    }
    for (const b of check.badRows.slice(0, SHOWN)) {
      const row = b.event_id === undefined ? `${b.table} ${b.provider}` : `${b.table} ${b.event_id}`;
      console.log(`  OUT OF BOUNDS ${b.user_id} ${b.billing_period} ${row}: ${b.problem}`);
    }
    if ([check.differences, check.misplacedDays, check.badRows].some((list) => list.length > SHOWN)) {
      console.log('  … and more');
    }
    console.log(
      problems === 0
        ? 'OK: every rollup equals the recount from raw events.'
        : `FAILED: ${check.differences.length} mismatched measures, ${check.misplacedDays.length} misplaced days, ${check.badRows.length} rows out of bounds.`,
    );
    return problems === 0 ? 0 : 1;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return 2;
});
