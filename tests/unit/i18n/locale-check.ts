// Pure checks behind tests/unit/i18n/locales.test.ts, kept apart so that they can be tested on small
// made-up locales (a checker that never fails proves nothing).

// i18next v23 plural suffixes: `key_one`, `key_other`… chosen through Intl.PluralRules(lng).
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const

/** The plural forms a language needs, as the runtime i18next relies on reports them. */
export function pluralCategories(language: string): string[] {
  return [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort()
}

/** `{{name}}` or `{{name, format}}` → "name" or "name, format" (the format is part of the contract). */
export function placeholders(value: string): string[] {
  return [...value.matchAll(/\{\{\s*(\w+)\s*(?:,\s*([\w]+)\s*)?\}\}/g)]
    .map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1]))
    .sort()
}

/** Splits `proposals_many` into base and category; null when the key is not a plural form. */
export function pluralParts(key: string): { base: string; category: string } | null {
  const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(key)
  return m ? { base: m[1], category: m[2] } : null
}

/** Bases of the plural families in a flat locale: a family is marked by its `_other` form. */
export function pluralBases(flat: Record<string, string>): Set<string> {
  const bases = new Set<string>()
  for (const key of Object.keys(flat)) {
    const parts = pluralParts(key)
    if (parts?.category === 'other') bases.add(parts.base)
  }
  return bases
}

/** Whether a key used in code (`t('ns:key', { count })`) exists, as a plain key or a plural base. */
export function hasKey(flat: Record<string, string>, key: string): boolean {
  return flat[key] !== undefined || flat[`${key}_other`] !== undefined
}

// A plural marker in parentheses: "cadeira(s)", "scrutin(s)", "flor(es)", "suppléant(e)s",
// "ciudadano(s)", "um(ns)". French gender marks ("élu(e)") are not plurals and pass.
const PARENTHESISED_PLURAL = /\p{L}\((?:s|es|ns)\)|\p{L}\(e\)s(?!\p{L})/u

/**
 * Whether a value both interpolates something (a count, or a pre-pluralised phrase holding one) and
 * hedges a plural in parentheses: such a string reads "1 cadeira(s)" where the language has a form
 * for one. Split it into plural families with one count each (`key_one`, `key_other`…).
 */
export function parenthesisedPlural(value: string): string | null {
  if (placeholders(value).length === 0) return null
  return PARENTHESISED_PLURAL.exec(value)?.[0] ?? null
}

export type CheckOptions = {
  /** Keys whose value may equal the source's (proper nouns, official terms). */
  sameAsSource?: (key: string) => boolean
  /** False for the source language itself (its values are compared with nothing). */
  compareValues?: boolean
}

/**
 * Problems of one language's namespace against the source language's (pt-BR):
 * - plain keys: exactly the source's;
 * - plural families (by base key): exactly the forms `language` needs, no other;
 * - every value non-empty, with the source's placeholders (a plural form may leave out `count`:
 *   Arabic writes "مقترحان", two proposals, without the number), not left in the source language;
 * - a count is always written `{{count, number}}`, so that digits follow the reader's locale;
 * - no interpolating value hedges a plural in parentheses ("{{n}} cadeira(s)"): plural forms instead.
 */
export function checkLocale(
  source: Record<string, string>,
  target: Record<string, string>,
  language: string,
  options: CheckOptions = {},
): string[] {
  const problems: string[] = []
  const compareValues = options.compareValues ?? true
  const sourceBases = pluralBases(source)
  const inFamily = (flat: Record<string, string>, key: string) => {
    const parts = pluralParts(key)
    return parts !== null && (sourceBases.has(parts.base) || pluralBases(flat).has(parts.base))
  }

  // Plain keys.
  const plainSource = Object.keys(source).filter((k) => !inFamily(source, k))
  const plainTarget = Object.keys(target).filter((k) => !inFamily(target, k))
  for (const key of plainSource) if (!(key in target)) problems.push(`missing key ${key}`)
  for (const key of plainTarget) if (!(key in source)) problems.push(`extra key ${key}`)

  // Plural families.
  const needed = pluralCategories(language)
  const targetBases = new Set(
    Object.keys(target)
      .map(pluralParts)
      .filter(
        (p): p is { base: string; category: string } =>
          p !== null && inFamily(target, `${p.base}_${p.category}`),
      )
      .map((p) => p.base),
  )
  for (const base of targetBases)
    if (!sourceBases.has(base)) problems.push(`extra plural family ${base} (not plural in the source)`)
  for (const base of sourceBases) {
    const present = Object.keys(target)
      .map(pluralParts)
      .filter((p) => p?.base === base)
      .map((p) => p!.category)
      .sort()
    for (const category of needed)
      if (!present.includes(category))
        problems.push(`missing plural form ${base}_${category} (${language} needs ${needed.join(' ')})`)
    for (const category of present)
      if (!needed.includes(category))
        problems.push(`extra plural form ${base}_${category} (${language} has no "${category}")`)
  }

  // Values.
  for (const [key, value] of Object.entries(target)) {
    if (value.trim() === '') problems.push(`${key} is empty`)
    const hedged = parenthesisedPlural(value)
    if (hedged) problems.push(`${key}: "${hedged}" hedges a plural beside a placeholder; use plural forms`)
    for (const p of placeholders(value))
      if (p.startsWith('count') && p !== 'count, number')
        problems.push(`${key}: write {{count, number}}, not {{${p}}}`)
    const parts = pluralParts(key)
    const family = parts && sourceBases.has(parts.base) ? parts.base : null
    const reference = family ? (source[key] ?? source[`${family}_other`]) : source[key]
    if (reference === undefined) continue
    if (family) {
      const withoutCount = (s: string) => placeholders(s).filter((p) => !p.startsWith('count'))
      if (withoutCount(value).join('|') !== withoutCount(reference).join('|'))
        problems.push(
          `${key} placeholders ${placeholders(value).join(' ')} ≠ ${placeholders(reference).join(' ')}`,
        )
      if (
        parts!.category === 'other' &&
        placeholders(reference).includes('count, number') &&
        !placeholders(value).includes('count, number')
      )
        problems.push(`${key} lost {{count, number}}`)
    } else if (placeholders(value).join('|') !== placeholders(reference).join('|')) {
      problems.push(
        `${key} placeholders ${placeholders(value).join(' ')} ≠ ${placeholders(reference).join(' ')}`,
      )
    }
    if (compareValues && value === reference && !options.sameAsSource?.(key))
      problems.push(`${key} is still in the source language`)
  }
  return problems
}

/**
 * Keys of a namespace that no code names (a leftover after a feature changed). `source` is the
 * app's code. A key counts as used when it appears whole (`'results.summary'`, `ns:key`), or when
 * code builds it from a prefix: `t(\`phases.${p}\`)`, `\`ineligible_${r}\``.
 * Lenient by design (a prefix used anywhere covers its keys): it finds keys nothing can reach.
 */
export function unusedKeys(flat: Record<string, string>, namespace: string, source: string): string[] {
  const bases = [...new Set(Object.keys(flat).map((k) => pluralParts(k)?.base ?? k))]
  const named = (key: string) =>
    [`'${key}'`, `"${key}"`, `\`${key}\``, `${namespace}:${key}'`, `${namespace}:${key}\``].some((s) =>
      source.includes(s),
    )
  const built = (prefix: string) =>
    [`\`${prefix}\${`, `\`${namespace}:${prefix}\${`].some((s) => source.includes(s))
  return bases.filter((key) => {
    if (named(key)) return false
    const parts = key.split('.')
    // t(`phases.${phase}`): a whole prefix of segments
    for (let i = parts.length - 1; i >= 1; i--) if (built(`${parts.slice(0, i).join('.')}.`)) return false
    // t(`ineligible_${reason}`): a prefix of the last segment, up to an underscore
    const last = parts[parts.length - 1]!
    for (let i = last.indexOf('_'); i > 0; i = last.indexOf('_', i + 1))
      if (built([...parts.slice(0, -1), last.slice(0, i + 1)].join('.'))) return false
    return true
  })
}
