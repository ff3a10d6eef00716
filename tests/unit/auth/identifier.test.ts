import { describe, expect, it } from 'vitest'
import { parseIdentifier } from '../../../app/auth/identifier'

describe('parseIdentifier', () => {
  it('lower-cases and trims e-mail addresses', () => {
    expect(parseIdentifier('  Maria@Example.ORG ')).toEqual({ kind: 'email', value: 'maria@example.org' })
  })
  it('rejects malformed e-mail addresses', () => {
    expect(parseIdentifier('maria@')).toBeNull()
    expect(parseIdentifier('@example.org')).toBeNull()
    expect(parseIdentifier('a b@example.org')).toBeNull()
  })
  it('adds Brazil’s country code to local numbers typed with area code', () => {
    expect(parseIdentifier('(11) 91234-5678')).toEqual({ kind: 'phone', value: '+5511912345678' })
  })
  it('keeps foreign numbers given with +', () => {
    expect(parseIdentifier('+509 3412 3456')).toEqual({ kind: 'phone', value: '+50934123456' })
  })
  it('folds full-width digits (common on Chinese keyboards)', () => {
    expect(parseIdentifier('＋８６１３８１２３４５６７８')).toEqual({
      kind: 'phone',
      value: '+8613812345678',
    })
  })
  it('rejects too-short numbers and text', () => {
    expect(parseIdentifier('12345')).toBeNull()
    expect(parseIdentifier('maria')).toBeNull()
    expect(parseIdentifier('')).toBeNull()
  })
})
