import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { canonicalJson, guideFingerprint } from '../../../app/easyread/fingerprint'
import { GUIDES } from '../../../app/easyread/guides'
import { LANGUAGES } from '../../../app/i18n/config'

// Issue #19 (ADR 026 "Review"): what a second reader's review is bound to. The same words in
// another key order are the same text; any changed word, line or step is another text.

const guideIn = (lng: string, key: string) =>
  (
    JSON.parse(readFileSync(join('locales', lng, 'easyread.json'), 'utf8')) as {
      guides: Record<string, unknown>
    }
  ).guides[key]

describe('the fingerprint of a guide', () => {
  const guide = { title: 'Votar', intro: { '1': 'Uma linha.', '2': 'Outra.' }, steps: { a: { title: 'A' } } }

  it('ignores the order of keys, not the order of lines in an array', () => {
    const reordered = {
      steps: { a: { title: 'A' } },
      intro: { '2': 'Outra.', '1': 'Uma linha.' },
      title: 'Votar',
    }
    expect(canonicalJson(reordered)).toBe(canonicalJson(guide))
    expect(guideFingerprint(reordered)).toBe(guideFingerprint(guide))
    expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']))
  })

  it('changes with any word', () => {
    const print = guideFingerprint(guide)
    expect(print).toMatch(/^[0-9a-f]{8}$/)
    expect(guideFingerprint({ ...guide, title: 'Votar!' })).not.toBe(print)
    expect(guideFingerprint({ ...guide, intro: { '1': 'Uma linha.', '2': 'Outra' } })).not.toBe(print)
    expect(guideFingerprint({ ...guide, steps: { a: { title: 'A' }, b: { title: 'B' } } })).not.toBe(print)
  })

  it('differs between the shipped guides and languages', () => {
    const prints = new Set<string>()
    for (const lng of LANGUAGES)
      for (const g of GUIDES) {
        const subtree = guideIn(lng, g.key)
        expect(subtree, `${lng} ${g.key}`).toBeTruthy()
        prints.add(guideFingerprint(subtree))
      }
    expect(prints.size).toBe(LANGUAGES.length * GUIDES.length)
  })
})
