import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, type Language } from './config'

// Content that people author (titles, proposals, plan actions, statements…) is stored in one JSON
// column per field (`*_i18n`): one text per language plus two reserved keys (ADR 027):
//   { "pt-BR": "…", "ht": "…", "_orig": "pt-BR", "_basis": { "ht": "9f2c01ab" } }
// `_orig` is the language the author wrote in (default: Portuguese when present); `_basis[lng]` is
// the fingerprint of the original text a translation was made from. When the original changes, its
// fingerprint no longer matches and the translation is shown as outdated — whichever feature wrote
// the change, with no hook to forget. The published texts stay in the entity's own row, so every
// reader reads one column, with no join, on SQLite and PostgreSQL alike.

export type I18nText = Partial<Record<Language, string>>

/** What a stored JSON column holds, parsed. */
export type Content = {
  texts: I18nText
  /** The language the author wrote in. */
  original: Language
  /** Per translated language: the fingerprint of the original it was made from (absent = unknown). */
  basis: Partial<Record<Language, string>>
}

/** How the text a reader sees relates to their language. */
export type ReadingState =
  | 'original' // the reader's language is the author's
  | 'translated' // a current translation
  | 'outdated' // a translation of an earlier version of the original
  | 'untranslated' // no translation yet: the original is shown

export type Picked = {
  text: string
  lang: string
  state: ReadingState
  original: { text: string; lang: Language }
}

type Stored = string | I18nText | Record<string, unknown> | null | undefined

/** The longest stored value `parseContent` reads (longer reads as empty): writers must stay under it. */
export const MAX_JSON = 200_000

export function parseContent(stored: Stored): Content {
  let raw: Record<string, unknown> = {}
  if (typeof stored === 'string') {
    if (stored.length > 0 && stored.length <= MAX_JSON) {
      try {
        const parsed: unknown = JSON.parse(stored)
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          raw = parsed as Record<string, unknown>
      } catch {
        raw = {}
      }
    }
  } else if (stored && typeof stored === 'object') raw = stored as Record<string, unknown>
  const texts: I18nText = {}
  for (const lng of LANGUAGES) {
    const value = raw[lng]
    if (typeof value === 'string' && value.trim() !== '') texts[lng] = value
  }
  const basis: Content['basis'] = {}
  const rawBasis = raw._basis
  if (rawBasis && typeof rawBasis === 'object')
    for (const [lng, print] of Object.entries(rawBasis as Record<string, unknown>))
      if (isLanguage(lng) && typeof print === 'string') basis[lng] = print
  const declared = raw._orig
  const original: Language =
    isLanguage(declared) && texts[declared]
      ? declared
      : texts[DEFAULT_LANGUAGE]
        ? DEFAULT_LANGUAGE
        : (LANGUAGES.find((l) => texts[l]) ?? DEFAULT_LANGUAGE)
  return { texts, original, basis }
}

export function serializeContent(content: Content): string {
  const out: Record<string, unknown> = {}
  for (const lng of LANGUAGES) if (content.texts[lng]) out[lng] = content.texts[lng]
  if (content.original !== DEFAULT_LANGUAGE) out._orig = content.original
  const basis = Object.fromEntries(
    Object.entries(content.basis).filter(
      ([lng]) => content.texts[lng as Language] && lng !== content.original,
    ),
  )
  if (Object.keys(basis).length) out._basis = basis
  return JSON.stringify(out)
}

/**
 * A short fingerprint of a text, to notice that an original changed (FNV-1a, 32 bits, over the
 * NFC-normalised, trimmed text). Not a security measure: a collision only hides an outdated mark.
 */
export function fingerprint(text: string): string {
  const normalised = text.normalize('NFC').trim()
  let hash = 0x811c9dc5
  for (let i = 0; i < normalised.length; i++) {
    hash ^= normalised.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

export function stateOf(content: Content, language: Language): ReadingState {
  if (language === content.original) return 'original'
  const translation = content.texts[language]
  if (!translation) return 'untranslated'
  const basis = content.basis[language]
  const originalText = content.texts[content.original]
  return basis !== undefined && originalText !== undefined && basis !== fingerprint(originalText)
    ? 'outdated'
    : 'translated'
}

/** The text a reader sees: their language when it exists, else the original, never a silent mix. */
export function pickText(stored: Stored, language: string): Picked {
  const content = parseContent(stored)
  const originalText = content.texts[content.original] ?? ''
  const original = { text: originalText, lang: content.original }
  if (!originalText && !Object.keys(content.texts).length)
    return { text: '', lang: DEFAULT_LANGUAGE, state: 'original', original }
  const reader = isLanguage(language) ? language : DEFAULT_LANGUAGE
  const state = stateOf(content, reader)
  if (state === 'untranslated') return { text: originalText, lang: content.original, state, original }
  return { text: content.texts[reader]!, lang: reader, state, original }
}

/**
 * The author changed the original text. Translations made before, whose basis was never recorded
 * (typed by staff beside the original), are stamped with the old original's fingerprint first, so
 * the change marks them outdated instead of passing silently.
 */
export function withOriginalText(stored: Stored, text: string): string {
  const content = parseContent(stored)
  const before = content.texts[content.original]
  if (before !== undefined && before !== text) {
    const oldPrint = fingerprint(before)
    for (const lng of LANGUAGES)
      if (lng !== content.original && content.texts[lng] && content.basis[lng] === undefined)
        content.basis[lng] = oldPrint
  }
  content.texts[content.original] = text
  return serializeContent(content)
}

/** A translation published for `language`, made from the original whose fingerprint is `basis`. */
export function withTranslation(stored: Stored, language: Language, text: string, basis: string): string {
  const content = parseContent(stored)
  if (language === content.original) throw new Error('a translation cannot replace the original')
  content.texts[language] = text
  content.basis[language] = basis
  return serializeContent(content)
}

/** Only the per-language texts, for open data and exports (the reserved keys are bookkeeping). */
export function textsOnly(stored: Stored): I18nText {
  return parseContent(stored).texts
}

/**
 * The language the author wrote in (BCP 47), published beside `textsOnly` in open data so that a
 * reuser knows which text is the original and which are translations; null when there is no text.
 */
export function originalLanguage(stored: Stored): Language | null {
  const content = parseContent(stored)
  return Object.keys(content.texts).length ? content.original : null
}

/** New content written in one language (the author's). */
export function originalContent(text: string, language: Language = DEFAULT_LANGUAGE): string {
  return serializeContent({ texts: { [language]: text }, original: language, basis: {} })
}
