import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts channel secrets (webhook signing secrets, webhook and Slack URLs) for storage, so a copy of
 * the database alone does not hand out working secrets. AES-256-GCM with a random 96-bit nonce per
 * value; the stored form is `v1.<nonce>.<tag>.<ciphertext>` in base64url. The key is derived from
 * SECRETS_KEY (or the key file generated under data/) with HKDF-SHA256.
 */
export type SecretBox = {
  seal(plain: string): string;
  /** The plain text, or an error when the value was sealed under another key or altered. */
  open(sealed: string): string;
};

const VERSION = 'v1';

export function createSecretBox(keyMaterial: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'spendscope', 'channel secrets v1', 32));
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join('.');
    },
    open(sealed) {
      const [version, nonce, tag, body] = sealed.split('.');
      if (version !== VERSION || nonce === undefined || tag === undefined || body === undefined) {
        throw new Error('not a sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return plain.toString('utf8');
    },
  };
}
