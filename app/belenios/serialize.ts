// Serialisation rules of Belenios 2.0: big numbers are base-10 JSON strings; JSON objects are
// written compactly with fields in the order of Belenios' .atd files (we build objects in that
// order and use JSON.stringify, whose output for strings matches Yojson's for the text we emit:
// see canonicalJson). Parsing is strict: hostile input gives null, never an exception.

/** Canonical base 10: "0" or a non-zero digit followed by digits; no sign, spaces or leading 0. */
const CANONICAL = /^(?:0|[1-9]\d*)$/

/** Longest decimal number we accept anywhere (a 2048-bit number has 617 digits). */
export const MAX_DECIMAL_DIGITS = 700

/**
 * Parses a canonical non-negative base-10 integer; null when `s` is not a string, not canonical,
 * too long, or not below `max` (exclusive) when given.
 */
export function parseBigIntStrict(s: unknown, max?: bigint): bigint | null {
  if (typeof s !== 'string' || s.length === 0 || s.length > MAX_DECIMAL_DIGITS) return null
  if (!CANONICAL.test(s)) return null
  const value = BigInt(s)
  if (max !== undefined && value >= max) return null
  return value
}

export function bigIntToString(x: bigint): string {
  if (x < 0n) throw new Error('bigIntToString: negative')
  return x.toString(10)
}

/**
 * Compact JSON as Belenios (atdgen/Yojson) writes it, for values we built ourselves with their
 * keys already in Belenios' order: no spaces, absent optional fields omitted (undefined), strings
 * escaped as Yojson does ('"', '\\', control characters and DEL as \u007f, which JSON.stringify
 * leaves raw; '/' and non-ASCII left as they are).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString(10)
    return v
  }).replace(/\u007f/g, '\\u007f')
}

/** Parses JSON text of at most `maxBytes` UTF-16 code units; null on any error. */
export function parseJsonBounded(text: unknown, maxLength: number): unknown {
  if (typeof text !== 'string' || text.length > maxLength) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** True iff `x` is an object whose own keys are exactly `required` plus any of `optional`. */
export function hasExactKeys(
  x: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): x is Record<string, unknown> {
  if (!isRecord(x)) return false
  const keys = Object.keys(x)
  for (const k of required) if (!Object.hasOwn(x, k)) return false
  for (const k of keys) if (!required.includes(k) && !optional.includes(k)) return false
  return true
}
