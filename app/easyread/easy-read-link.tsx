import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EasyReadIcon } from '../ui/pictograms'
import { guideHref } from './guides'

/**
 * The "Easy read" link near the top of a page that decides whether someone can take part
 * (registration, ballot, results, polling places). The route lists 'easyread' in `handle.i18n`.
 */
export function EasyReadLink({ guide, election }: { guide: string; election?: string }) {
  const { t } = useTranslation('easyread')
  return (
    <p className="easy-read-link no-print">
      <Link to={guideHref(guide, election)}>
        <EasyReadIcon /> <strong>{t('link')}</strong>
        <span className="easy-read-link__hint">{t('linkHint')}</span>
      </Link>
    </p>
  )
}
