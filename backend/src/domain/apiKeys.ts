import type { ApiKey, CreateApiKeyResponse } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { createApiKey } from '../auth/apiKeys.ts';
import { type ApiKeyListing, getKeyRow, listKeyRows, renameKeyRow, revokeKeyRow } from '../db/apiKeys.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';

type Db = Kysely<Database>;

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** A stored key as the API shows it: no hash, times as ISO strings, absent ones omitted. */
export function toApiKey(row: ApiKeyListing): ApiKey {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.prefix,
    created_at: iso(row.created_at),
    ...(row.last_used_at !== null ? { last_used_at: iso(row.last_used_at) } : {}),
    ...(row.revoked_at !== null ? { revoked_at: iso(row.revoked_at) } : {}),
  };
}

/** Every ingestion key, active and revoked, oldest first. */
export async function listKeys(options: { db: Db }): Promise<ApiKey[]> {
  return (await listKeyRows(options.db)).map(toApiKey);
}

/** Creates a key (as `npm run keys -- create` does); its secret is returned this once. */
export async function createKey(options: { db: Db; name: string; now: Date }): Promise<CreateApiKeyResponse> {
  const created = await createApiKey(options.db, options.name, options.now.getTime());
  return { key: await keyOrNotFound(options.db, created.id), secret: created.key };
}

/** Renames a key; 404 for an unknown id. A revoked key may be renamed too (its name is only a label). */
export async function renameKey(options: { db: Db; keyId: number; name: string }): Promise<ApiKey> {
  if (!(await renameKeyRow(options.db, options.keyId, options.name))) throw keyNotFound(options.keyId);
  return keyOrNotFound(options.db, options.keyId);
}

/**
 * Revokes a key: the next request it signs is refused. Revoking a revoked key changes nothing and
 * answers the same, so a retried request is harmless.
 */
export async function revokeKey(options: { db: Db; keyId: number; now: Date }): Promise<ApiKey> {
  await revokeKeyRow(options.db, options.keyId, options.now.getTime());
  return keyOrNotFound(options.db, options.keyId);
}

const keyNotFound = (id: number) => notFound(`ingestion key ${id}`);

async function keyOrNotFound(db: Db, id: number): Promise<ApiKey> {
  const row = await getKeyRow(db, id);
  if (!row) throw keyNotFound(id);
  return toApiKey(row);
}
