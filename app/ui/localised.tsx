import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, directionOf, isLanguage } from '../i18n/config'
import { pickText, type Picked } from '../i18n/content'
import { isolate } from './bidi'

export { isolate }

type Stored = Parameters<typeof pickText>[0]
type Translate = (key: string, options?: Record<string, unknown>) => string

/**
 * Author-written text in the reader's language when it exists, else the original — never a silent
 * mix (ADR 027): an untranslated text says so in the reader's language, an outdated translation is
 * marked and, as a block, offers the original one click away (<details>, no JavaScript). The text
 * carries its own language and direction, so Portuguese inside an Arabic page keeps its
 * punctuation on the right side (`dir` makes the element a bidi isolate).
 *
 * `picked` instead of `json`: the server already chose (the home page's open items), so the page
 * shows what the loader picked, with the same note.
 */
export function Localised({
  json,
  picked: given,
  as: Tag = 'span',
  className,
  notes = true,
}: {
  json?: Stored
  picked?: Picked
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3'
  className?: string
  /** false where the page already says once that its content is not translated */
  notes?: boolean
}) {
  const { t, i18n } = useTranslation('common')
  const picked = given ?? pickText(json, i18n.language)
  const text = (
    <Tag lang={picked.lang} dir={directionOf(picked.lang)} className={className}>
      {picked.text}
    </Tag>
  )
  if (!notes || picked.state === 'original' || picked.state === 'translated' || !picked.text) return text
  const note = noteFor(picked, t)
  const originalLanguage = LANGUAGE_NAMES[picked.original.lang]
  if (Tag === 'span')
    return (
      <>
        {text} <ContentNote picked={picked} />
      </>
    )
  return (
    <>
      {text}
      <p className="content-note" data-content-state={picked.state}>
        {note}
      </p>
      {picked.state === 'outdated' ? (
        <details className="content-original">
          <summary>{t('content.showOriginal', { language: originalLanguage })}</summary>
          <Tag lang={picked.original.lang} dir={directionOf(picked.original.lang)} className={className}>
            {picked.original.text}
          </Tag>
        </details>
      ) : null}
    </>
  )
}

/**
 * The inline note alone, for a title that is a link: the note goes after the link, in the reader's
 * language, and not inside the link's name. Nothing when the reader reads their own language.
 */
export function ContentNote({ picked }: { picked: Picked }) {
  const { t } = useTranslation('common')
  if (picked.state === 'original' || picked.state === 'translated' || !picked.text) return null
  return (
    <small className="content-note" data-content-state={picked.state}>
      ({noteFor(picked, t)})
    </small>
  )
}

function noteFor(picked: Picked, t: Translate): string {
  return picked.state === 'untranslated'
    ? t('content.untranslated', { language: LANGUAGE_NAMES[picked.original.lang] })
    : t('content.outdated')
}

export type Label = { label: string; lang?: string; dir?: 'ltr' | 'rtl' }

/**
 * Author-written text where only a plain string fits (<option>, `title`, `aria-label`): whole in
 * one language, it carries that language and direction; the original shown to a reader of another
 * language is isolated and followed by the note in the reader's language, so a list of options
 * never mixes languages silently.
 */
export function localisedLabel(picked: Picked, t: Translate, readerLanguage: string): Label {
  if (picked.state === 'original' || picked.state === 'translated' || !picked.text)
    return { label: picked.text, lang: picked.lang, dir: directionOf(picked.lang) }
  const reader = isLanguage(readerLanguage) ? readerLanguage : picked.lang
  return {
    label: `${isolate(picked.text)} (${noteFor(picked, t)})`,
    lang: reader,
    dir: directionOf(reader),
  }
}

/** `label(json)` → the string and its language for the current reader (see localisedLabel). */
export function useLocalisedLabel(): (json: Stored) => Label {
  const { t, i18n } = useTranslation('common')
  return (json) => localisedLabel(pickText(json, i18n.language), t as Translate, i18n.language)
}
