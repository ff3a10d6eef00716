import { describe, expect, it } from 'vitest'
import { AnswersSchema } from '../../../app/consultations/schemas.server'
import { ErratumSchema, ItemSchema } from '../../../app/council/schemas.server'
import { optionalText, requiredText, stripControlCharacters } from '../../../app/lib/fields.server'
import { MaterialSchema } from '../../../app/plan/schemas.server'

// NUL bytes and other control characters were stored as typed in agenda items and errata (#16).
describe('free text never keeps control characters', () => {
  it('strips every C0 control character and DEL but tab, line feed and carriage return', () => {
    const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f'
    expect(stripControlCharacters(`a${all}b`)).toBe('a\t\n\rb')
    expect(stripControlCharacters('São João\r\nConceição\tok')).toBe('São João\r\nConceição\tok')
  })

  it('in the shared text helpers: a field of only control characters is empty', () => {
    expect(requiredText(50).parse(' Pauta\u0000 \u001b[31mvermelha ')).toBe('Pauta [31mvermelha')
    expect(requiredText(50).safeParse('\u0000\u0000').success).toBe(false)
    expect(optionalText(50).parse('\u0000')).toBeUndefined()
  })

  it('in the agenda item, erratum and consultation answer forms', () => {
    expect(ItemSchema.parse({ title: 'Item\u0000', kind: 'information' }).title).toBe('Item')
    expect(ErratumSchema.parse({ text: 'Onde se lê\u0000 X, leia-se Y' }).text).toBe(
      'Onde se lê X, leia-se Y',
    )
    expect(AnswersSchema.parse({ answers: { q1: ['a\u0000b'] } }).answers.q1).toEqual(['ab'])
  })
})

// The campaign "material" form stored any `language` value (#16, already refused since the
// code-health round: this keeps it so).
describe('campaign material language', () => {
  it('accepts a language of the site or none, and refuses anything else beside the field', () => {
    const material = { label: 'Cartaz', url: 'https://example.org/cartaz.pdf' }
    expect(MaterialSchema.parse({ ...material, language: 'ht' }).language).toBe('ht')
    expect(MaterialSchema.parse({ ...material, language: '' }).language).toBeUndefined()
    for (const language of ['klingon', 'pt-br ', '<script>', 'x'.repeat(5000)]) {
      const parsed = MaterialSchema.safeParse({ ...material, language })
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['language'], message: 'choose_option' })
    }
  })
})
