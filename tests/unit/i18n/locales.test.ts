import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LANGUAGE, LANGUAGES, NAMESPACES } from '../../../app/i18n/config'
import { checkLocale, hasKey, unusedKeys } from './locale-check'

// Fails on a missing key, an extra key, an empty value, a lost {{placeholder}}, a value left in
// Portuguese, a plural family without exactly the forms its language needs (Intl.PluralRules: ar
// six, zh one), a count not written {{count, number}}, or a key used in code that pt-BR lacks.
// The checks themselves are in ./locale-check.ts, tested on made-up locales.
type Tree = { [k: string]: string | Tree }
const load = (lng: string, ns: string): Tree =>
  JSON.parse(readFileSync(join('locales', lng, `${ns}.json`), 'utf8')) as Tree
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.entries(tree).reduce<Record<string, string>>((acc, [k, v]) => {
    if (typeof v === 'string') acc[prefix + k] = v
    else Object.assign(acc, flatten(v, `${prefix}${k}.`))
    return acc
  }, {})

// Values that are legitimately the same as Portuguese in a given language (proper nouns, codes).
// Format: "<lng>:<ns>:<key>". Keep this list short and justified.
const SAME_AS_SOURCE = new Set<string>([
  // "travesti" is a Latin-American gender identity with no equivalent; communities use the word itself.
  'en:registration:genders.travesti',
  'es:registration:genders.travesti',
  'fr:registration:genders.travesti',
  // "Votos nulos" is the official term for void votes in both Portuguese and Spanish.
  'es:polling:count.void',
  'es:elections:resultBars.void',
  // "suplente" (alternate member) is the same word in Portuguese and Spanish, plural "suplentes" too.
  'es:elections:counts.alternates_one',
  'es:elections:counts.alternates_many',
  'es:elections:counts.alternates_other',
])

describe('locale files', () => {
  it('every supported language has a folder with every namespace', () => {
    for (const lng of LANGUAGES)
      for (const ns of NAMESPACES) expect(() => load(lng, ns), `${lng}/${ns}.json`).not.toThrow()
  })

  it('no locale folder exists for an unsupported language', () => {
    expect(readdirSync('locales').sort()).toEqual([...LANGUAGES].sort())
  })

  for (const ns of NAMESPACES) {
    const source = flatten(load(DEFAULT_LANGUAGE, ns))
    it(`${DEFAULT_LANGUAGE}/${ns}.json has every plural form Portuguese needs, counts as {{count, number}}`, () => {
      expect(checkLocale(source, source, DEFAULT_LANGUAGE, { compareValues: false })).toEqual([])
    })
    for (const lng of LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE)) {
      it(`${lng}/${ns}.json has exactly pt-BR's keys and its own plural forms, translated, same placeholders`, () => {
        const target = flatten(load(lng, ns))
        const sameAsSource = (key: string) => SAME_AS_SOURCE.has(`${lng}:${ns}:${key}`)
        expect(checkLocale(source, target, lng, { sameAsSource })).toEqual([])
      })
    }
  }

  // Namespaces checked for leftovers (extend as others are cleaned: registration's `mail.*` looks
  // unused since notices moved to the notices namespace).
  const CHECKED_FOR_UNUSED = ['elections', 'consultations', 'council', 'polling', 'translations']
  it(`no key of ${CHECKED_FOR_UNUSED.join(', ')} is left unused by the app`, () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (/\.(tsx?|ts)$/.test(entry)) files.push(path)
      }
    }
    walk('app')
    walk('db')
    const code = files.map((f) => readFileSync(f, 'utf8')).join('\n')
    const unused = CHECKED_FOR_UNUSED.flatMap((ns) =>
      unusedKeys(flatten(load(DEFAULT_LANGUAGE, ns)), ns, code).map((key) => `${ns}:${key}`),
    )
    expect(unused).toEqual([])
  })

  it('every literal translation key used in the app exists in pt-BR', () => {
    const all = Object.fromEntries(NAMESPACES.map((ns) => [ns, flatten(load(DEFAULT_LANGUAGE, ns))]))
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (/\.(tsx?|ts)$/.test(entry)) files.push(path)
      }
    }
    walk('app')
    const missing: string[] = []
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.:-]+)'|\btitle: '([a-z]+:[a-zA-Z0-9_.-]+)'/g)) {
        const key = m[1] ?? m[2]
        const [ns, k] = key.includes(':') ? key.split(':') : [null, key]
        const found = ns
          ? all[ns] !== undefined && hasKey(all[ns], k)
          : NAMESPACES.some((n) => hasKey(all[n], k))
        if (!found) missing.push(`${file}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })
})
