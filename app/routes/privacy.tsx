import type { LoaderFunctionArgs } from '@remix-run/node'
import { useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'

export const handle = { i18n: ['privacy'], title: 'privacy:notice.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'home.view')
  return null
}

export default function PrivacyPage() {
  const { t } = useTranslation('privacy')
  const [params] = useSearchParams()
  return (
    <div className="page">
      <h1>{t('notice.title')}</h1>
      {params.get('erased') ? (
        <p className="notice notice--ok" role="status">
          {t('notice.erased')} {params.get('kept') === 'census' ? t('notice.erasedKept') : null}
        </p>
      ) : null}
      <p>{t('notice.controller')}</p>
      <h2>{t('notice.whatTitle')}</h2>
      <p>{t('notice.what')}</p>
      <h2>{t('notice.basisTitle')}</h2>
      <p>{t('notice.basis')}</p>
      <h2>{t('notice.rightsTitle')}</h2>
      <p>{t('notice.rights')}</p>
      <h2>{t('notice.neverTitle')}</h2>
      <p>{t('notice.never')}</p>
    </div>
  )
}
