import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const KEY_PREFIX = 'sk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX);
}

/** Creates an ingestion key; only its hash is stored, so the key is shown once. */
export async function createApiKey(db: Kysely<Database>, name: string, now = Date.now()) {
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row = await db
    .insertInto('api_keys')
    .values({ name, key_hash: hashApiKey(key), prefix: key.slice(0, 10), created_at: now, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), key, prefix: key.slice(0, 10) };
}

/** The key's id if it exists and is not revoked. */
export async function findActiveApiKey(db: Kysely<Database>, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select('id')
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Revokes keys by name or prefix; returns how many were revoked. Takes effect on the next request. */
export async function revokeApiKey(db: Kysely<Database>, nameOrPrefix: string, now = Date.now()) {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where((eb) => eb.or([eb('name', '=', nameOrPrefix), eb('prefix', '=', nameOrPrefix)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listApiKeys(db: Kysely<Database>) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
    .orderBy('id')
    .execute();
}
