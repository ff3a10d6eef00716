import { describe, expect, it } from 'vitest'
import {
  fingerprint,
  originalContent,
  parseContent,
  pickText,
  withOriginalText,
} from '../../../app/i18n/content'
import { contentTypedTogether, withTypedTranslations } from '../../../app/translations/typed-together'

describe('translations typed by staff beside the original (ADR 027)', () => {
  it('records the basis of each new translation and ignores an entry for the original language', () => {
    const stored = withTypedTranslations(originalContent('Eleição'), { es: 'Elección', 'pt-BR': 'outra' })
    expect(parseContent(stored)).toEqual({
      texts: { 'pt-BR': 'Eleição', es: 'Elección' },
      original: 'pt-BR',
      basis: { es: fingerprint('Eleição') },
    })
  })

  it('an unchanged outdated translation stays outdated; an empty entry removes the language', () => {
    const outdated = withOriginalText(withTypedTranslations(originalContent('A'), { ht: 'A (ht)' }), 'B')
    expect(pickText(withTypedTranslations(outdated, { ht: 'A (ht)' }), 'ht').state).toBe('outdated')
    expect(pickText(withTypedTranslations(outdated, { ht: 'B (ht)' }), 'ht').state).toBe('translated')
    expect(parseContent(withTypedTranslations(outdated, { ht: '  ' })).texts).toEqual({ 'pt-BR': 'B' })
  })

  it('content typed together: Portuguese is the original when given, else the first language typed', () => {
    expect(parseContent(contentTypedTogether({ fr: 'Élection', 'pt-BR': 'Eleição' })).original).toBe('pt-BR')
    const spanish = parseContent(contentTypedTogether({ es: 'Elección', ar: 'انتخاب' }))
    expect(spanish).toMatchObject({ original: 'es', basis: { ar: fingerprint('Elección') } })
    expect(contentTypedTogether({})).toBe('{}')
  })
})
