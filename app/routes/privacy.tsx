import type { LoaderFunctionArgs } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { DoneNotice } from '../ui/action-feedback'

export const handle = { i18n: ['privacy'], title: 'privacy:notice.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'home.view')
  return null
}

/** Erasing one's account (my-data.tsx) ends here; a census entry for a held election is kept. */
const DONE = ['erased', 'erased_kept_census'] as const

export default function PrivacyPage() {
  const { t } = useTranslation('privacy')
  return (
    <div className="page">
      <h1>{t('notice.title')}</h1>
      <DoneNotice
        keys={DONE}
        message={(done) => (
          <>
            {t('notice.erased')} {done === 'erased_kept_census' ? t('notice.erasedKept') : null}
          </>
        )}
      />
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
