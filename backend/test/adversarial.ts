import fc from 'fast-check';

/** Strings that have broken servers before: injections, markup, path tricks, odd numbers, odd text. */
export const NASTY_STRINGS = [
  '',
  ' ',
  "'; DROP TABLE usage_events; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT * FROM api_keys',
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: x=1',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '0x10',
  '1e309',
  '-9007199254740993',
  '9'.repeat(400),
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '{{7*7}}',
  '\u0024{7*7}',
  '%s%s%s%n',
  '\u202eevil',
  '😀👩‍👩‍👧‍👦',
  'Z̷̧̛a̴l̶g̵o̸',
  '\uD800',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'a'.repeat(5000),
] as const;

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, -0, 0, 0.5, -1e-9, 1e10 + 1, 1e15, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MAX_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON nested `depth` levels deep, alternating arrays and objects. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Any JSON value a hostile caller might put where a field belongs. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map(deeplyNested) },
);

/** `base` with some fields replaced by hostile values and some hostile fields added. */
export function mutated(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc
    .record({
      replace: fc.subarray(keys),
      values: fc.array(nastyValue, { minLength: keys.length, maxLength: keys.length }),
      drop: fc.subarray(keys, { maxLength: Math.min(1, keys.length) }),
      extra: fc.dictionary(fc.constantFrom('__proto__', 'extra', 'constructor', 'x'), nastyValue, {
        maxKeys: 1,
      }),
    })
    .map(({ replace, values, drop, extra }) => {
      const out: Record<string, unknown> = { ...base };
      replace.forEach((key, i) => {
        out[key] = values[i];
      });
      for (const key of drop) delete out[key];
      for (const [key, value] of Object.entries(extra)) {
        Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      }
      return out;
    });
}

/** Percent-encodes; a lone surrogate cannot be encoded, so it goes out as the invalid UTF-8 it would be. */
export function encodeSafely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** A path segment as a hostile caller would send it: encoded, or raw with broken escapes. */
export const nastySegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nastyString.map(encodeSafely) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '.', '%2F', 'a%2Fb', '%C0%AE'),
  },
);

/** A query string with known and unknown keys, repeated keys and hostile values. */
export const nastyQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'period',
        'months',
        'limit',
        'cursor',
        'unread_only',
        'provider',
        'minutes',
        'token',
        'x',
      ),
      fc.oneof(nastyString, nastyNumber.map(String)),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeSafely(v)}`).join('&'));
