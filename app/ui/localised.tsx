import { useTranslation } from 'react-i18next'
import { pickText } from '../i18n/config'

/** Author-written text in the reader's language when available, marked with its real language. */
export function Localised({
  json,
  as: Tag = 'span',
  className,
}: {
  json: string | Record<string, string | undefined>
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3'
  className?: string
}) {
  const { i18n } = useTranslation()
  const { text, lang } = pickText(json, i18n.language)
  return (
    <Tag lang={lang} className={className}>
      {text}
    </Tag>
  )
}
