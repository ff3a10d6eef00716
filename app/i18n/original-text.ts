import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, type Language } from './config'
import { fingerprint, originalContent, parseContent, serializeContent, withOriginalText } from './content'

// Entities whose authored text lived in a plain column before ADR 027 keep it (search, ranking, open
// data's original fields read it) and carry a nullable `*_i18n` column beside it (migration 035).
// NULL there means "not written yet": the plain column, in the entity's language, is the original.

/** The stored JSON of a text, or — for a row that predates its `_i18n` column — the plain text as the original. */
export function storedOrPlain(
  stored: string | null | undefined,
  plain: string | null | undefined,
  language: string | null | undefined = DEFAULT_LANGUAGE,
): string | null {
  if (stored) return stored
  if (plain === null || plain === undefined || plain.trim() === '') return null
  return originalContent(plain, isLanguage(language) ? language : DEFAULT_LANGUAGE)
}

/**
 * The author (or the secretariat, for them) changed the original text: older translations become
 * outdated (withOriginalText). When the original's language changes too, the text is a new
 * original: translations are kept but stamped with the old original's fingerprint, so they show
 * as outdated until a translator confirms them.
 */
export function editedOriginal(
  stored: string | null | undefined,
  plainBefore: string | null | undefined,
  language: string | null | undefined,
  text: string,
  newLanguage?: Language,
): string {
  const current = storedOrPlain(stored, plainBefore, language)
  if (current === null)
    return originalContent(text, newLanguage ?? (isLanguage(language) ? language : DEFAULT_LANGUAGE))
  const content = parseContent(current)
  if (!newLanguage || newLanguage === content.original) return withOriginalText(current, text)
  // A new original in another language: what was there (the old original included) was made from
  // the old original, so it shows as outdated until a translator confirms it.
  const oldPrint = fingerprint(content.texts[content.original] ?? '')
  for (const lng of LANGUAGES)
    if (content.texts[lng] && lng !== newLanguage && content.basis[lng] === undefined)
      content.basis[lng] = oldPrint
  content.texts[newLanguage] = text
  content.original = newLanguage
  delete content.basis[newLanguage]
  return serializeContent(content)
}
