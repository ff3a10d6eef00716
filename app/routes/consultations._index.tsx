import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { listConsultations } from '../consultations/reading.server'
import { ConsultationStatusBadge } from '../consultations/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['consultations'],
  title: 'consultations:list.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['consultations', 'contributions'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  return json({ consultations: await listConsultations(getDb()) })
}

export default function Consultations() {
  const { t, i18n } = useTranslation('consultations')
  const { consultations } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p>{t('list.intro')}</p>
      {consultations.length === 0 ? <p>{t('list.none')}</p> : null}
      <ul className="cards">
        {consultations.map((c) => (
          <li key={c.id} className="card stack">
            <h2 className="h3">
              <Link to={`/consultations/${c.id}`}>
                <Localised json={c.title_i18n} />
              </Link>
            </h2>
            <Localised as="p" json={c.summary_i18n} />
            <p>
              <ConsultationStatusBadge status={c.status} accepting={c.accepting} /> ·{' '}
              {t('list.contributions', { count: c.contributions })}
            </p>
            <p className="muted">
              {t('list.period')} <DateTime iso={c.opens_at} language={i18n.language} /> –{' '}
              <DateTime iso={c.closes_at} language={i18n.language} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  )
}
