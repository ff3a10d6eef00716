import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { pickText } from '../i18n/content'

type Stored = Parameters<typeof pickText>[0]

/**
 * Author-written text in the reader's language when it exists, else the original — never a silent
 * mix (ADR 027): an untranslated text says so in the reader's language, an outdated translation is
 * marked and, as a block, offers the original one click away (<details>, no JavaScript). The text
 * carries its own language and direction, so Portuguese inside an Arabic page keeps its
 * punctuation on the right side (`dir` makes the element a bidi isolate).
 */
export function Localised({
  json,
  as: Tag = 'span',
  className,
  notes = true,
}: {
  json: Stored
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3'
  className?: string
  /** false where the page already says once that its content is not translated */
  notes?: boolean
}) {
  const { t, i18n } = useTranslation('common')
  const picked = pickText(json, i18n.language)
  const text = (
    <Tag lang={picked.lang} dir={directionOf(picked.lang)} className={className}>
      {picked.text}
    </Tag>
  )
  if (!notes || picked.state === 'original' || picked.state === 'translated' || !picked.text) return text
  const originalLanguage = LANGUAGE_NAMES[picked.original.lang]
  const note =
    picked.state === 'untranslated'
      ? t('content.untranslated', { language: originalLanguage })
      : t('content.outdated')
  if (Tag === 'span')
    return (
      <>
        {text}{' '}
        <small className="content-note" data-content-state={picked.state}>
          ({note})
        </small>
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
