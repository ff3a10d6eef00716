import { DOCUMENT_TYPES, type DocumentType } from '../../db/schema'

export { DOCUMENT_TYPES }

/**
 * Document numbers are compared in one canonical form: Unicode-folded (full-width digits become
 * ASCII), upper-case, and without spaces, dots, dashes or slashes. Nothing else is assumed about a
 * foreign number's shape, so a valid passport from anywhere is never refused.
 */
export function normaliseDocumentNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)) // Arabic-Indic digits
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)) // Eastern Arabic-Indic digits
    .toUpperCase()
    .replace(/[\s.\-/\\_]/g, '')
}

export function isPlausibleDocumentNumber(normalised: string): boolean {
  return /^[\p{L}\p{N}]{3,30}$/u.test(normalised)
}

/** Whether the number looks like the usual Brazilian format for the type (a hint, never a rule). */
const USUAL_FORMATS: Partial<Record<DocumentType, RegExp>> = {
  crnm: /^[A-Z]\d{6}[A-Z0-9]$/,
  rne: /^[A-Z]\d{6}[A-Z0-9]$/,
}

export function looksUnusual(type: DocumentType, normalised: string): boolean {
  const format = USUAL_FORMATS[type]
  return format ? !format.test(normalised) : false
}

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value)
}
