import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../i18n/config'
import {
  fingerprint,
  originalContent,
  parseContent,
  serializeContent,
  withTranslation,
  type I18nText,
} from '../i18n/content'

// Staff forms that take an original and its translations at once (an election's titles in seven
// languages, a consultation's translation page) write through the content model (ADR 027), like
// the translators' editor: a translation typed beside the original records that original's
// fingerprint as its basis, so a later edit of the original shows it as outdated to readers.

/**
 * Translations typed by staff from the original shown beside them. An entry equal to what is
 * stored keeps its recorded basis (saving the page again must not pass an outdated translation off
 * as current); an empty entry removes that language; an entry for the original's own language is
 * ignored (the original is edited by its author's form, with `withOriginalText`).
 */
export function withTypedTranslations(stored: string | null | undefined, typed: I18nText): string {
  let content = parseContent(stored)
  const originalText = content.texts[content.original]
  for (const lng of LANGUAGES) {
    if (!(lng in typed) || lng === content.original) continue
    const text = (typed[lng] ?? '').trim()
    if (text === (content.texts[lng] ?? '')) continue
    if (!text || originalText === undefined) {
      delete content.texts[lng]
      delete content.basis[lng]
      continue
    }
    content = parseContent(withTranslation(serializeContent(content), lng, text, fingerprint(originalText)))
  }
  return serializeContent(content)
}

/**
 * New content typed in several languages at once: the original is Portuguese when given (the
 * secretariat's working language), else the first language typed; the others are translations of it.
 */
export function contentTypedTogether(texts: I18nText, original?: Language): string {
  const lang = original ?? (texts[DEFAULT_LANGUAGE] ? DEFAULT_LANGUAGE : LANGUAGES.find((l) => texts[l]))
  if (!lang || !texts[lang]) return serializeContent({ texts: {}, original: DEFAULT_LANGUAGE, basis: {} })
  return withTypedTranslations(originalContent(texts[lang], lang), texts)
}
