import { describe, expect, it } from 'vitest'
import { createI18nInstance } from '../../../app/i18n/i18n.server'
import { formatNumber } from '../../../app/ui/format'

// The server's own i18next instances, with the real locale files: a count picks its language's
// plural form and is written by Intl.NumberFormat in that language ({{count, number}}).
const render = async (
  lng: 'pt-BR' | 'es' | 'en' | 'fr' | 'ht' | 'ar' | 'zh',
  key: string,
  options: Record<string, unknown>,
) => {
  const i18n = await createI18nInstance(lng)
  return i18n.getFixedT(lng, 'conference')(key, options)
}

describe('plural forms and numbers in the reader’s language', () => {
  it('Arabic uses its six forms: none, singular, dual, 3–10, 11–99, hundreds', async () => {
    const forms = await Promise.all(
      [0, 1, 2, 3, 11, 100].map((count) => render('ar', 'overview.proposalCount', { count })),
    )
    expect(forms).toEqual([
      'لا مقترحات',
      'مقترح واحد',
      'مقترحان',
      `${formatNumber(3, 'ar')} مقترحات`,
      `${formatNumber(11, 'ar')} مقترحًا`,
      `${formatNumber(100, 'ar')} مقترح`,
    ])
  })

  it('Chinese has one form; the number is still grouped by its locale', async () => {
    expect(await render('zh', 'overview.proposalCount', { count: 1 })).toBe('1 条提案')
    expect(await render('zh', 'overview.proposalCount', { count: 12345 })).toBe('12,345 条提案')
  })

  it('Portuguese and French: singular, plural, and "de" after a million', async () => {
    expect(await render('pt-BR', 'proposals.found', { count: 1 })).toBe('1 proposta encontrada.')
    expect(await render('pt-BR', 'proposals.found', { count: 1234 })).toBe('1.234 propostas encontradas.')
    expect(await render('pt-BR', 'proposals.found', { count: 1_000_000 })).toBe(
      '1.000.000 de propostas encontradas.',
    )
    expect(await render('fr', 'proposals.found', { count: 2 })).toBe('2 propositions trouvées.')
    expect(await render('fr', 'proposals.found', { count: 1_000_000 })).toBe(
      `${formatNumber(1_000_000, 'fr')} de propositions trouvées.`,
    )
  })

  it('English and Haitian Creole have one and other', async () => {
    expect(await render('en', 'proposals.supports', { count: 1 })).toBe('1 supporter')
    expect(await render('en', 'proposals.supports', { count: 2 })).toBe('2 supporters')
    expect(await render('ht', 'proposals.supports', { count: 1 })).toBe('1 sipò')
  })

  it('numbers beside a count go through the same formatter (a numeric string too)', async () => {
    expect(await render('pt-BR', 'vote.used', { used: 2, count: 3 })).toBe(
      'Você usou 2 de 3 votos neste eixo.',
    )
    expect(
      await render('pt-BR', 'report.summary', {
        approved: '1200',
        votable: 3000,
        originals: 4000,
        motions: 5,
      }),
    ).toBe(
      '1.200 propostas prioritárias aprovadas entre 3.000 votadas (4.000 propostas enviadas no total) e 5 moções.',
    )
  })
})
