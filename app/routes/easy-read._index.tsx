import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { GUIDES } from '../easyread/guides'
import { EasyReadIcon, Pictogram } from '../ui/pictograms'

// Issue #19: the list of easy-read guides. Public, the same for everyone (cacheable), no JavaScript.
export const handle = { i18n: ['easyread'], title: 'easyread:index.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'easyRead.view')
  return null
}

export default function EasyReadIndex() {
  const { t } = useTranslation('easyread')
  return (
    <div className="page easy-read">
      <h1>
        <EasyReadIcon /> {t('index.title')}
      </h1>
      <p className="easy-read__line">{t('index.intro')}</p>
      <p className="easy-read__line">{t('index.how')}</p>
      <ul className="easy-read__guides">
        {GUIDES.map((guide) => (
          <li key={guide.slug}>
            <Link to={`/easy-read/${guide.slug}`} className="easy-read__guide-link">
              <Pictogram name={guide.steps[0].pictogram} />
              <span>
                <strong>{t(`guides.${guide.key}.title`)}</strong>
                <br />
                {t(`guides.${guide.key}.summary`)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
