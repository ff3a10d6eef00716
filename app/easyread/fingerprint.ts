import { fingerprint } from '../i18n/content'

// The fingerprint of one easy-read guide's text in one language (issue #19, ADR 026 "Review"): the
// FNV-1a fingerprint of app/i18n/content.ts over a canonical JSON of the guide's subtree of
// locales/<lng>/easyread.json (`guides.<key>`: title, summary, intro, steps, words). Keys are
// sorted, so reordering a file changes nothing; any change of a word does. A review records it, and
// a later approval counts only while the shipped text still has the same fingerprint. Not a
// security measure: a collision would only hide an "outdated" mark.

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** The fingerprint of a guide's subtree as read from a locale file. */
export function guideFingerprint(subtree: unknown): string {
  return fingerprint(canonicalJson(subtree ?? null))
}
