import { stripControlCharacters } from '../lib/control-characters'

/**
 * A translation as it may be stored (security review of #19): no control characters (whichever
 * path brought them — a form, a CSV cell, an XLIFF character reference such as `&#1;`), no lone
 * surrogate halves, NFC-normalised like the fingerprints of ADR 027. Every submission passes here.
 */
export function cleanTranslationText(value: string): string {
  return stripControlCharacters(value)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .normalize('NFC')
}

/** A code point an XML character reference may not name in a batch (XML 1.0's Char, minus DEL). */
export const refusedCodePoint = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
  code === 0x7f ||
  (code >= 0xd800 && code <= 0xdfff)
