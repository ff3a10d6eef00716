import { describe, expect, it } from 'vitest'
import {
  checkLocale,
  hasKey,
  parenthesisedPlural,
  placeholders,
  pluralCategories,
  unusedKeys,
} from './locale-check'

// The checker behind locales.test.ts, on made-up locales: it must fail where a translator could slip.
const source = {
  title: 'Propostas',
  found_one: '{{count, number}} proposta encontrada',
  found_many: '{{count, number}} de propostas encontradas',
  found_other: '{{count, number}} propostas encontradas',
}
const arabic = {
  title: 'المقترحات',
  found_zero: 'لم يُعثر على أي مقترح',
  found_one: 'عُثر على مقترح واحد',
  found_two: 'عُثر على مقترحين',
  found_few: 'عُثر على {{count, number}} مقترحات',
  found_many: 'عُثر على {{count, number}} مقترحًا',
  found_other: 'عُثر على {{count, number}} مقترح',
}

describe('plural categories come from Intl.PluralRules', () => {
  it('gives Arabic six forms, Chinese one, English two, French three', () => {
    expect(pluralCategories('ar')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero'])
    expect(pluralCategories('zh')).toEqual(['other'])
    expect(pluralCategories('en')).toEqual(['one', 'other'])
    expect(pluralCategories('fr')).toEqual(['many', 'one', 'other'])
  })
})

describe('checkLocale', () => {
  it('accepts a complete Arabic family, where the dual and singular leave the number out', () => {
    expect(checkLocale(source, arabic, 'ar')).toEqual([])
  })

  it('accepts the source against itself', () => {
    expect(checkLocale(source, source, 'pt-BR', { compareValues: false })).toEqual([])
  })

  it('fails on a missing Arabic form', () => {
    const { found_two: _two, ...withoutDual } = arabic
    expect(checkLocale(source, withoutDual, 'ar')).toEqual([
      'missing plural form found_two (ar needs few many one other two zero)',
    ])
  })

  it('fails on a form the language does not have (Chinese has only "other")', () => {
    const zh = {
      title: '提案',
      found_one: '找到 {{count, number}} 项提案',
      found_other: '找到 {{count, number}} 项提案',
    }
    expect(checkLocale(source, zh, 'zh')).toEqual(['extra plural form found_one (zh has no "one")'])
  })

  it('fails when a plural family is written as a single key, or a plain key goes missing', () => {
    const en = { found: '{{count, number}} proposals found' }
    expect(checkLocale(source, en, 'en')).toEqual([
      'missing key title',
      'extra key found',
      'missing plural form found_one (en needs one other)',
      'missing plural form found_other (en needs one other)',
    ])
  })

  it('fails on an untranslated form, an empty form, and a count without the number format', () => {
    const fr = {
      title: 'Propositions',
      found_one: '{{count}} proposition trouvée',
      found_many: '',
      found_other: '{{count, number}} propostas encontradas',
    }
    expect(checkLocale(source, fr, 'fr')).toEqual([
      'found_one: write {{count, number}}, not {{count}}',
      'found_many is empty',
      'found_other is still in the source language',
    ])
  })

  it('fails when the "other" form loses the count or a form gains a placeholder', () => {
    const en = {
      title: 'Proposals',
      found_one: 'One proposal found in {{axis}}',
      found_other: 'Proposals found',
    }
    expect(checkLocale(source, en, 'en')).toEqual([
      'found_one placeholders axis ≠ count, number',
      'found_other lost {{count, number}}',
    ])
  })

  it('fails when a language makes plural forms of a key that is plain in the source', () => {
    const en = {
      title_one: 'Proposal',
      title_other: 'Proposals',
      ...{ found_one: 'a', found_other: '{{count, number}} b' },
    }
    expect(checkLocale(source, en, 'en')).toContain('extra plural family title (not plural in the source)')
    expect(checkLocale(source, en, 'en')).toContain('missing key title')
  })
})

describe('plurals hedged in parentheses', () => {
  it('refuses "(s)", "(es)", "(e)s" and "(ns)" in a string that interpolates', () => {
    expect(parenthesisedPlural('{{seats, number}} cadeira(s)')).toBe('a(s)')
    expect(parenthesisedPlural('{{seats}} seat(s) in all')).toBe('t(s)')
    expect(parenthesisedPlural('{{n, number}} flor(es)')).toBe('r(es)')
    expect(parenthesisedPlural('{{n, number}} suppléant(e)s')).toBe('t(e)s')
    expect(parenthesisedPlural('{{n, number}} um(ns)')).toBe('m(ns)')
  })

  it('lets French gender marks, plain labels and real plural forms pass', () => {
    expect(parenthesisedPlural('Représentant(e) : {{name}}')).toBeNull()
    expect(parenthesisedPlural('Suppléant(e)s par scrutin')).toBeNull()
    expect(parenthesisedPlural('{{count, number}} cadeiras')).toBeNull()
    expect(parenthesisedPlural('{{name}} (sem partido)')).toBeNull()
  })

  it('is one of the checks every locale file goes through, the source included', () => {
    const hedging = { ...source, summary: '{{seats, number}} cadeira(s)' }
    expect(checkLocale(hedging, hedging, 'pt-BR', { compareValues: false })).toEqual([
      'summary: "a(s)" hedges a plural beside a placeholder; use plural forms',
    ])
  })
})

describe('keys no code uses', () => {
  const flat = {
    'results.summary': 's',
    'phases.open': 'o',
    ineligible_under_age: 'i',
    'counts.seats_one': 'a',
    'counts.seats_other': 'b',
    'page.notTranslated': 'n',
    'mail.answeredBody': 'm',
  }
  it('finds keys named nowhere, whole or by a prefix code builds them from', () => {
    // (a prefix alone, 'page', names no key: it may be a role, a route, anything)
    const code = [
      "t('results.summary', { seats })",
      't(`phases.${phase}`)',
      'err(`ineligible_${reason}`)',
      "t('counts.seats', { count })",
      "const page = 'page'",
    ].join('\n')
    expect(unusedKeys(flat, 'elections', code)).toEqual(['page.notTranslated', 'mail.answeredBody'])
  })
  it('reads namespaced keys too', () => {
    expect(unusedKeys({ 'page.title': 't' }, 'consultations', "t('consultations:page.title')")).toEqual([])
    expect(unusedKeys({ 'page.title': 't' }, 'consultations', "t('council:page.title')")).toEqual([
      'page.title',
    ])
  })
})

describe('placeholders and keys used in code', () => {
  it('reads the format as part of a placeholder', () => {
    expect(placeholders('{{ count, number }} de {{total}}')).toEqual(['count, number', 'total'])
  })
  it('finds a plural base as a key', () => {
    expect(hasKey(source, 'found')).toBe(true)
    expect(hasKey(source, 'title')).toBe(true)
    expect(hasKey(source, 'missing')).toBe(false)
  })
})
