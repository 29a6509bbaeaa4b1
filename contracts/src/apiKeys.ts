import { z } from 'zod';
import { isoDateTimeSchema } from './common.ts';

/** Longest name an ingestion key may carry. */
export const MAX_API_KEY_NAME_LENGTH = 100;

/** A key's name, as the operator tells keys apart: trimmed, not blank, no control characters. */
export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'name must not be blank')
  .max(MAX_API_KEY_NAME_LENGTH, `name must be at most ${MAX_API_KEY_NAME_LENGTH} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters');

/**
 * An ingestion key as the console lists it. The key itself is never shown again after creation: only
 * its first characters (`prefix`). `last_used_at` is kept to the minute.
 */
export const apiKeySchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  prefix: z.string(),
  created_at: isoDateTimeSchema,
  last_used_at: isoDateTimeSchema.optional(),
  revoked_at: isoDateTimeSchema.optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** `GET /api/admin/keys`: every key, active and revoked, oldest first. */
export const apiKeysResponseSchema = z.object({ keys: z.array(apiKeySchema) });
export type ApiKeysResponse = z.infer<typeof apiKeysResponseSchema>;

/** `POST /api/admin/keys`. */
export const createApiKeyRequestSchema = z.object({ name: apiKeyNameSchema }).strict();
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequestSchema>;

/** The new key and, this once, its secret (`sk_…`): only its hash is stored. */
export const createApiKeyResponseSchema = z.object({
  key: apiKeySchema,
  secret: z.string().startsWith('sk_'),
});
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponseSchema>;

/** `PATCH /api/admin/keys/:keyId`. */
export const renameApiKeyRequestSchema = z.object({ name: apiKeyNameSchema }).strict();
export type RenameApiKeyRequest = z.input<typeof renameApiKeyRequestSchema>;

/** The key after a rename or a revocation. */
export const apiKeyResponseSchema = z.object({ key: apiKeySchema });

export const apiKeyIdParamsSchema = z.object({
  keyId: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'key id must be a positive whole number')
    .transform(Number),
});
