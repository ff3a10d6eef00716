import { describe, expect, it } from 'vitest'
import {
  fingerprint,
  originalContent,
  parseContent,
  pickText,
  textsOnly,
  withOriginalText,
  withTranslation,
} from '../../../app/i18n/content'

describe('author-written content in several languages (ADR 027)', () => {
  it('shows the reader their language, else the original with the state that says so', () => {
    const stored = JSON.stringify({ 'pt-BR': 'Saúde', es: 'Salud' })
    expect(pickText(stored, 'es')).toMatchObject({ text: 'Salud', lang: 'es', state: 'translated' })
    expect(pickText(stored, 'pt-BR')).toMatchObject({ text: 'Saúde', state: 'original' })
    expect(pickText(stored, 'ar')).toMatchObject({ text: 'Saúde', lang: 'pt-BR', state: 'untranslated' })
    expect(pickText(stored, 'xx')).toMatchObject({ text: 'Saúde', state: 'original' })
  })

  it('a proposal written in Spanish has Spanish as its original, for every reader', () => {
    const stored = originalContent('Escuelas bilingües', 'es')
    expect(parseContent(stored).original).toBe('es')
    expect(pickText(stored, 'pt-BR')).toMatchObject({
      text: 'Escuelas bilingües',
      lang: 'es',
      state: 'untranslated',
    })
    const translated = withTranslation(stored, 'fr', 'Écoles bilingues', fingerprint('Escuelas bilingües'))
    expect(pickText(translated, 'fr')).toMatchObject({ text: 'Écoles bilingues', state: 'translated' })
    expect(pickText(translated, 'es').state).toBe('original')
  })

  it('changing the original marks translations made from it outdated, with the original at hand', () => {
    let stored = originalContent('Ação 1')
    stored = withTranslation(stored, 'ht', 'Aksyon 1', fingerprint('Ação 1'))
    expect(pickText(stored, 'ht').state).toBe('translated')
    stored = withOriginalText(stored, 'Ação 1, revista')
    const picked = pickText(stored, 'ht')
    expect(picked).toMatchObject({ text: 'Aksyon 1', state: 'outdated' })
    expect(picked.original).toEqual({ text: 'Ação 1, revista', lang: 'pt-BR' })
    // Re-publishing from the new original makes it current again.
    stored = withTranslation(stored, 'ht', 'Aksyon 1, revize', fingerprint('Ação 1, revista'))
    expect(pickText(stored, 'ht').state).toBe('translated')
  })

  it('translations typed beside the original (no recorded basis) become outdated when it changes', () => {
    const stored = JSON.stringify({ 'pt-BR': 'Título', en: 'Title' })
    expect(pickText(stored, 'en').state).toBe('translated')
    expect(pickText(withOriginalText(stored, 'Título novo'), 'en').state).toBe('outdated')
    // Saving the same original again changes nothing.
    expect(pickText(withOriginalText(stored, 'Título'), 'en').state).toBe('translated')
  })

  it('a translation cannot overwrite the original', () => {
    expect(() => withTranslation(originalContent('A'), 'pt-BR', 'B', fingerprint('A'))).toThrow()
  })

  it('reads old and damaged values without throwing, and keeps bookkeeping out of open data', () => {
    expect(pickText(null, 'en')).toMatchObject({ text: '', state: 'original' })
    expect(pickText('not json', 'en').text).toBe('')
    expect(pickText('[1,2]', 'en').text).toBe('')
    expect(pickText(JSON.stringify({ es: 'Solo', xx: 'no' }), 'pt-BR')).toMatchObject({
      text: 'Solo',
      lang: 'es',
    })
    const stored = withTranslation(originalContent('Um', 'pt-BR'), 'zh', '一', fingerprint('Um'))
    expect(textsOnly(stored)).toEqual({ 'pt-BR': 'Um', zh: '一' })
    expect(Object.keys(JSON.parse(stored) as object)).toContain('_basis')
  })

  it('fingerprints ignore surrounding spaces and Unicode composition, not content', () => {
    expect(fingerprint(' São ')).toBe(fingerprint('Sa\u0303o'.replace('a\u0303', 'ã')))
    expect(fingerprint('Ação')).toBe(fingerprint('Aça\u0303o'))
    expect(fingerprint('Ação')).not.toBe(fingerprint('Acão'))
    expect(fingerprint('x')).toMatch(/^[0-9a-f]{8}$/)
  })
})
