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

// Sentences with two counts take each count already in its plural form (one count per family),
// so no language reads "1 cadeira(s)".
describe('two counts in one sentence', () => {
  const elections = async (
    lng: 'pt-BR' | 'en' | 'ar' | 'zh' | 'fr',
    key: string,
    counts: Record<string, number>,
  ) => {
    const i18n = await createI18nInstance(lng)
    const t = i18n.getFixedT(lng, 'elections')
    const phrases = Object.fromEntries(
      Object.entries(counts).map(([name, count]) => [name, t(`counts.${name}`, { count })]),
    )
    return t(key, { ...phrases, valid: '10', blank: '0', void: '0' })
  }

  it('each noun agrees with its own number', async () => {
    expect(await elections('pt-BR', 'rules.seatsTotal', { seats: 1, alternates: 2 })).toBe(
      '1 cadeira e 2 suplentes no total.',
    )
    expect(await elections('en', 'manage.contestsSeats', { contests: 1, seats: 5 })).toBe(
      '1 contest, 5 seats in all',
    )
    expect(await elections('fr', 'results.summary', { seats: 2, alternates: 1 })).toMatch(
      /^2 sièges et 1 suppléant\./,
    )
    expect(await elections('zh', 'rules.seatsTotal', { seats: 3, alternates: 3 })).toBe(
      '共 3 个席位，3 名候补。',
    )
  })

  it('Arabic picks the dual and the singular for each count separately', async () => {
    expect(await elections('ar', 'rules.seatsTotal', { seats: 2, alternates: 1 })).toBe(
      'المجموع: مقعدان ومناوب واحد.',
    )
    expect(await elections('ar', 'manage.contestsSeats', { contests: 1, seats: 11 })).toBe(
      `منافسة واحدة، ${formatNumber(11, 'ar')} مقعدًا في المجموع`,
    )
  })
})
