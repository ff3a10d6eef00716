import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { listOpenNow } from '../home/open-now.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { DoneNotice } from '../ui/action-feedback'
import { ContentNote, Localised } from '../ui/localised'
import { formatDate } from '../ui/format'

export const handle = {
  i18n: ['common'],
  title: 'common:home.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['census_cycles', 'conference_editions', 'consultations', 'elections'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'home.view')
  return json({ openNow: await listOpenNow(getDb(), await getLanguage(request)), signedIn: Boolean(user) })
}

/** `welcome`: sign-up ends here, once the mailed link is used (signup_.confirm.$token.tsx). */
const DONE = ['welcome'] as const

const PARTS = ['register', 'elections', 'conference', 'consultations', 'plan', 'minutes'] as const
const PART_LINKS: Partial<Record<(typeof PARTS)[number], string>> = {
  register: '/registration',
  elections: '/elections',
  conference: '/conference',
  consultations: '/consultations',
  plan: '/plan',
  minutes: '/council',
}

export default function HomePage() {
  const { t, i18n } = useTranslation()
  const { openNow, signedIn } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <DoneNotice keys={DONE} message={() => t('home.welcome')} />
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <h2>{t('home.openNowTitle')}</h2>
      {openNow.length === 0 ? (
        <p>{t('home.openNowEmpty')}</p>
      ) : (
        <ul className="cards">
          {openNow.map((item) => (
            <li key={item.href} className="card">
              <h3>
                <Link to={item.href}>
                  <Localised picked={item.title} notes={false} />
                </Link>{' '}
                <ContentNote picked={item.title} />
              </h3>
              <p className="muted">{t(`home.kinds.${item.kind}`)}</p>
              {item.closesAt ? (
                <p suppressHydrationWarning>
                  {t('home.closes', { date: formatDate(item.closesAt, i18n.language) })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('home.partsTitle')}</h2>
      <ul className="cards">
        {PARTS.map((part) => (
          <li key={part} className="card">
            <h3>
              {PART_LINKS[part] ? (
                <Link to={PART_LINKS[part]!}>{t(`home.parts.${part}.title`)}</Link>
              ) : (
                t(`home.parts.${part}.title`)
              )}
            </h3>
            <p>{t(`home.parts.${part}.body`)}</p>
          </li>
        ))}
      </ul>
      {!signedIn ? (
        <p>
          <Link className="button" to="/signup">
            {t('home.cta')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
