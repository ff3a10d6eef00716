import { Link, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** Previous/next links that keep the page's other query parameters (filters, search). */
export function Pager({ page, hasMore, children }: { page: number; hasMore: boolean; children?: ReactNode }) {
  const { t } = useTranslation('common')
  const [params] = useSearchParams()
  const href = (to: number) => {
    const next = new URLSearchParams(params)
    // A success banner (`?done=`) belongs to the page a post returned to, not to the next one.
    next.delete('done')
    next.set('page', String(to))
    return `?${next.toString()}`
  }
  return (
    <nav className="pager" aria-label={t('common:pager.label')}>
      {page > 1 ? <Link to={href(page - 1)}>{t('common:pager.previous')}</Link> : null}
      {children}
      {hasMore ? <Link to={href(page + 1)}>{t('common:pager.next')}</Link> : null}
    </nav>
  )
}
