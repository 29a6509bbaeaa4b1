import type { Kysely } from 'kysely';
import type { ApiKeyRow, Database } from './schema.ts';

type Db = Kysely<Database>;

/** A key as listed: everything but its hash. */
export type ApiKeyListing = Omit<ApiKeyRow, 'key_hash'>;

const LISTED = ['id', 'name', 'prefix', 'created_at', 'revoked_at', 'last_used_at'] as const;

/** Every key, active and revoked, oldest first. */
export async function listKeyRows(db: Db): Promise<ApiKeyListing[]> {
  return db.selectFrom('api_keys').select(LISTED).orderBy('id').execute();
}

export async function getKeyRow(db: Db, id: number): Promise<ApiKeyListing | undefined> {
  return db.selectFrom('api_keys').select(LISTED).where('id', '=', id).executeTakeFirst();
}

/** Renames a key; false when there is none with that id. */
export async function renameKeyRow(db: Db, id: number, name: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ name }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes a key unless it already is (the first revocation's time stays). */
export async function revokeKeyRow(db: Db, id: number, now: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Records that a key was used at `now`, unless it was recorded less than `minGapMs` before: several
 * processes sharing a database then write a busy key's row once per gap between them, not once each.
 */
export async function touchKeyRow(db: Db, id: number, now: number, minGapMs: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - minGapMs)]))
    .execute();
}
