/**
 * Opaque keyset cursors: the list a cursor belongs to (its scope: a period, `users`) and the last key
 * shown, base64url-encoded so clients pass them back untouched. Each list checks the parts it reads.
 */
export function encodeKeyset(scope: string, lastKey: string): string {
  return Buffer.from(`${scope}:${lastKey}`, 'utf8').toString('base64url');
}

/** The scope and last key of a cursor, or undefined when the text is not one this API could have given. */
export function readKeyset(cursor: string): { scope: string; key: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { scope: text.slice(0, colon), key: text.slice(colon + 1) };
}
