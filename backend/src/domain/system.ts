import type { Kysely } from 'kysely';
import { pingDatabase } from '../db/migrations.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Proves the database answers; a 503 when it does not. */
export async function checkDatabase(options: { db: Kysely<Database> }): Promise<void> {
  try {
    await pingDatabase(options.db);
  } catch {
    throw new AppError('unavailable', 'the database does not answer');
  }
}
