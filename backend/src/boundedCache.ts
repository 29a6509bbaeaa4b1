/**
 * Keeps `value` under `key` and returns it. A cache keyed by what callers send (model names, SQL texts,
 * dates, timezones) starts again when it holds `limit` entries, so it cannot grow without bound; what
 * it forgets is only computed once more.
 */
export function remember<K, V>(cache: Map<K, V>, limit: number, key: K, value: V): V {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}
