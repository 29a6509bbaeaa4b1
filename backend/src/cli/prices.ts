import { parseArgs } from 'node:util';
import { billingPeriodSchema } from '@spendscope/contracts';
import { databaseTarget, loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { eventWriterFor } from '../db/eventWriter.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { seedCatalog } from '../defaults/seedCatalog.ts';
import { nanoToDollars } from '../domain/money.ts';
import { PriceBook } from '../domain/priceBook.ts';
import { describeDiff, importInstalledCatalog, installedCatalogDiff } from '../domain/priceCommands.ts';
import { repricePeriod } from '../domain/reprice.ts';

const USAGE = `usage: npm run prices -- diff [--effective YYYY-MM-DD]
       npm run prices -- import [--effective YYYY-MM-DD]
       npm run prices -- reprice --period YYYY-MM [--user ID] [--dry-run]`;

/** `--effective YYYY-MM-DD` as UTC midnight; absent: now. */
function effectiveFrom(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--effective must be a date YYYY-MM-DD, got "${value}"`);
  return at;
}

class UsageError extends Error {}

const dollars = (nano: number) => `$${nanoToDollars(nano).toFixed(9)}`;

/**
 * `npm run prices`: `diff` shows what the installed catalog would add to the price table, `import`
 * adds it as new versions, `reprice` prices a period's events again with the table as it is now.
 * Exit 0 on success, 1 when `diff` finds changes, 2 on bad usage or failure.
 */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      effective: { type: 'string' },
      period: { type: 'string' },
      user: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [command] = positionals;
  if (command !== 'diff' && command !== 'import' && command !== 'reprice') {
    console.error(USAGE);
    return 2;
  }
  const handle = openDatabase(databaseTarget(loadConfig()));
  try {
    await migrateToLatest(handle.db, handle.dialect);
    await seedCatalog(handle.db);
    if (command === 'diff' || command === 'import') {
      const from = effectiveFrom(values.effective);
      const diff =
        command === 'diff'
          ? await installedCatalogDiff(handle.db, from)
          : await importInstalledCatalog(handle.db, { effectiveFrom: from, now: Date.now() });
      for (const line of describeDiff(diff)) console.log(line);
      for (const s of diff.skipped) console.log(`SKIPPED ${s.provider}/${s.model}: ${s.reason}`);
      const verb = command === 'diff' ? 'would add' : 'added';
      console.log(
        `${diff.source}: ${verb} ${diff.changes.length} price versions; ${diff.unchanged} unchanged, ${diff.skipped.length} skipped.`,
      );
      return command === 'diff' && diff.changes.length > 0 ? 1 : 0;
    }
    const period = billingPeriodSchema.safeParse(values.period);
    if (!period.success) throw new UsageError('--period YYYY-MM is required for reprice');
    const result = await repricePeriod({
      db: handle.db,
      prices: new PriceBook(handle.db),
      period: period.data,
      userId: values.user,
      dryRun: values['dry-run'] ?? false,
      now: new Date(),
      writer: eventWriterFor(handle),
    });
    for (const l of result.lines.filter((line) => line.changed_events > 0)) {
      console.log(
        `${l.user_id} ${l.provider}: ${l.changed_events} events changed (${l.newly_priced} newly priced, ${l.newly_unpriced} now unpriced), ${dollars(l.cost_before_nano)} -> ${dollars(l.cost_after_nano)}`,
      );
    }
    const changed = result.lines.reduce((n, l) => n + l.changed_events, 0);
    console.log(
      `${result.dryRun ? 'Dry run: would re-price' : 'Re-priced'} ${changed} events of ${result.users} users in ${result.period}.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof UsageError
      ? `${error.message}\n${USAGE}`
      : error instanceof Error
        ? error.message
        : error,
  );
  return 2;
});
