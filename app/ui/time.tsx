import { formatDate, formatDateTime } from './format'

// Node's and the browser's ICU data can format the same instant slightly differently (spaces,
// abbreviations); the server's text is kept and React is told not to treat that as a mismatch.
export function DateTime({
  iso,
  language,
  dateOnly = false,
}: {
  iso: string
  language: string
  dateOnly?: boolean
}) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {dateOnly ? formatDate(iso, language) : formatDateTime(iso, language)}
    </time>
  )
}
