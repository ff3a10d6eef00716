import { describe, expect, it } from 'vitest'
import {
  isPlausibleDocumentNumber,
  looksUnusual,
  normaliseDocumentNumber,
} from '../../../app/registration/documents'
import { duplicateKey, normaliseName } from '../../../app/registration/duplicates'
import { newProtocol, normaliseProtocol } from '../../../app/registration/protocol'
import { parseDate } from '../../../app/registration/schemas.server'
import { sniffMimeType } from '../../../app/lib/uploads.server'

describe('document numbers', () => {
  it('ignore punctuation, spaces and case', () => {
    expect(normaliseDocumentNumber(' v123.456-7 ')).toBe('V1234567')
    expect(normaliseDocumentNumber('V 123456/7')).toBe('V1234567')
  })
  it('fold full-width and Arabic-Indic digits to the same number', () => {
    expect(normaliseDocumentNumber('Ｖ１２３４５６７')).toBe('V1234567')
    expect(normaliseDocumentNumber('٤٥٦٧٨٩')).toBe('456789')
    expect(normaliseDocumentNumber('۴۵۶۷۸۹')).toBe('456789')
  })
  it('accept foreign numbers of any shape, including non-Latin letters', () => {
    for (const n of ['AB1234567', '123456789', 'E12345678', 'ПА123456', '護照12345']) {
      expect(isPlausibleDocumentNumber(normaliseDocumentNumber(n))).toBe(true)
    }
  })
  it('refuse empty, too short or symbol-only input', () => {
    expect(isPlausibleDocumentNumber(normaliseDocumentNumber('12'))).toBe(false)
    expect(isPlausibleDocumentNumber(normaliseDocumentNumber('---'))).toBe(false)
    expect(isPlausibleDocumentNumber(normaliseDocumentNumber('<script>'))).toBe(false)
  })
  it('only hint (never refuse) when a CRNM does not look usual', () => {
    expect(looksUnusual('crnm', 'V1234567')).toBe(false)
    expect(looksUnusual('crnm', '1234')).toBe(true)
    expect(looksUnusual('passport', '1234')).toBe(false)
  })
})

describe('duplicate detection key', () => {
  it('matches names regardless of accents, case and word order', () => {
    expect(normaliseName('José María QUISPE')).toBe(normaliseName('quispe jose maria'))
    expect(duplicateKey('José María Quispe', '1990-01-01', ['BO'])).toBe(
      duplicateKey('Quispe, Jose Maria', '1990-01-01', ['BO']),
    )
  })
  it('differs when the birth date or nationality differs', () => {
    const a = duplicateKey('Ana Flores', '1990-01-01', ['PE'])
    expect(duplicateKey('Ana Flores', '1990-01-02', ['PE'])).not.toBe(a)
    expect(duplicateKey('Ana Flores', '1990-01-01', ['BO'])).not.toBe(a)
  })
})

describe('dates', () => {
  it('accept ISO and day/month/year', () => {
    expect(parseDate('1990-12-31')).toBe('1990-12-31')
    expect(parseDate('31/12/1990')).toBe('1990-12-31')
    expect(parseDate('1/2/1990')).toBe('1990-02-01')
  })
  it('refuse impossible dates', () => {
    expect(parseDate('31/02/2000')).toBeNull()
    expect(parseDate('2000-13-01')).toBeNull()
    expect(parseDate('1850-01-01')).toBeNull()
    expect(parseDate('yesterday')).toBeNull()
  })
})

describe('protocol numbers', () => {
  it('use an unambiguous alphabet and are random', () => {
    const a = newProtocol(2026)
    expect(a).toMatch(/^CMI-2026-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    expect(newProtocol(2026)).not.toBe(a)
    expect(normaliseProtocol(' cmi-2026-k7qm-3xpa ')).toBe('CMI-2026-K7QM-3XPA')
  })
})

describe('upload type sniffing', () => {
  it('trusts the first bytes, not the name', () => {
    expect(sniffMimeType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffMimeType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffMimeType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf')
    expect(sniffMimeType(new TextEncoder().encode('<html><script>'))).toBeNull()
  })
})
